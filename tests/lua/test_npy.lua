-- Tests of npy.lua: IEEE decoding on known bit patterns, and the header
-- and data checks on hand-built files.
local npy = require("flatprop.npy")
local expect = require("expect")
local eq = expect.eq

local T = {}

local function hex_bytes(h)
    local t = {}
    for b in h:gmatch("%x%x") do
        t[#t + 1] = tonumber(b, 16)
    end
    return (table.unpack or unpack)(t) -- luacheck: ignore 143
end

local function is_neg_zero(v)
    return v == 0 and 1 / v < 0
end

function T.float32_bit_patterns()
    eq(npy.decode_f32(hex_bytes("3F800000")), 1.0)
    eq(npy.decode_f32(hex_bytes("C0000000")), -2.0)
    eq(npy.decode_f32(hex_bytes("3EA00000")), 0.3125)
    eq(npy.decode_f32(hex_bytes("3DCCCCCD")), 0.100000001490116119384765625)
    eq(npy.decode_f32(hex_bytes("7F7FFFFF")), 3.4028234663852886e38) -- FLT_MAX
    eq(npy.decode_f32(hex_bytes("00800000")), 2 ^ -126) -- FLT_MIN
    eq(npy.decode_f32(hex_bytes("00000001")), 2 ^ -149) -- smallest subnormal
    eq(npy.decode_f32(hex_bytes("807FFFFF")), -(2 ^ 23 - 1) * 2 ^ -149) -- largest subnormal
    eq(npy.decode_f32(hex_bytes("00000000")), 0)
    expect.truthy(is_neg_zero(npy.decode_f32(hex_bytes("80000000"))), "negative zero")
    eq(npy.decode_f32(hex_bytes("7F800000")), math.huge)
    eq(npy.decode_f32(hex_bytes("FF800000")), -math.huge)
    local nan = npy.decode_f32(hex_bytes("7FC00000"))
    expect.truthy(nan ~= nan, "quiet NaN")
    nan = npy.decode_f32(hex_bytes("FF800001"))
    expect.truthy(nan ~= nan, "signalling NaN with the sign set")
end

function T.float64_bit_patterns()
    eq(npy.decode_f64(hex_bytes("3FF0000000000000")), 1.0)
    eq(npy.decode_f64(hex_bytes("BFD0000000000000")), -0.25)
    eq(npy.decode_f64(hex_bytes("3FB999999999999A")), 0.1)
    eq(npy.decode_f64(hex_bytes("7FEFFFFFFFFFFFFF")), 1.7976931348623157e308)
    eq(npy.decode_f64(hex_bytes("0010000000000000")), 2.2250738585072014e-308)
    eq(npy.decode_f64(hex_bytes("0000000000000001")), 4.9406564584124654e-324)
    eq(npy.decode_f64(hex_bytes("000FFFFFFFFFFFFF")), 2.2250738585072009e-308)
    expect.truthy(is_neg_zero(npy.decode_f64(hex_bytes("8000000000000000"))), "-0")
    eq(npy.decode_f64(hex_bytes("FFF0000000000000")), -math.huge)
    local nan = npy.decode_f64(hex_bytes("7FF8000000000000"))
    expect.truthy(nan ~= nan, "NaN")
end

-- A .npy file's bytes: version, header dict, data.
local function file(major, dict, data)
    local pad = 64 - (10 + #dict + 1) % 64
    local header = dict .. string.rep(" ", pad % 64) .. "\n"
    local len = #header
    local size = major == 1 and string.char(len % 256, math.floor(len / 256))
        or string.char(len % 256, math.floor(len / 256), 0, 0)
    return "\147NUMPY" .. string.char(major, 0) .. size .. header .. data
end

local F32_1_2 = "\0\0\128\63\0\0\0\64" -- 1.0f, 2.0f little-endian

function T.reads_versions_and_byte_orders()
    local dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
    for _, major in ipairs({ 1, 2, 3 }) do
        local v = assert(npy.decode(file(major, dict, F32_1_2), "b.npy", { 2 }))
        eq(v[1], 1.0)
        eq(v[2], 2.0)
    end
    local be = "{'descr': '>f8', 'fortran_order': False, 'shape': (1, 1), }"
    local v = assert(npy.decode(file(1, be, "\63\240\0\0\0\0\0\0"), "w.npy", { 1, 1 }))
    eq(v[1], 1.0)
end

function T.rejects_with_clear_messages()
    local function msg(major, dict, data, shape)
        local v, m = npy.decode(file(major, dict, data), "w.npy", shape)
        eq(v, nil)
        return m
    end
    local ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
    eq(msg(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", F32_1_2, { 2 }),
        "w.npy has dtype '<i4', expected float32 or float64 ('<f4', '<f8', '>f4' or '>f8')")
    eq(msg(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 2), }", F32_1_2, { 1, 2 }),
        "w.npy is in Fortran order (fortran_order True), expected C order: "
        .. "save np.ascontiguousarray(a)")
    eq(msg(1, ok, F32_1_2, { 2, 1 }), "w.npy has shape (2,), expected (2, 1)")
    eq(msg(1, ok, F32_1_2:sub(1, 6), { 2 }), "w.npy is truncated: 6 data bytes, expected 8")
    eq(msg(1, ok, F32_1_2 .. "x", { 2 }), "w.npy has 1 bytes after its data, expected none")
    eq(msg(1, ok, "\0\0\192\127\0\0\0\64", { 2 }), "w.npy holds NaN at index [0]")
    eq(msg(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }",
        "\0\0\0\64\0\0\128\255", { 1, 2 }), "w.npy holds -Inf at index [0, 1]")
    eq(msg(4, ok, F32_1_2, { 2 }), "w.npy has .npy format version 4.0, expected 1.0, 2.0 or 3.0")
    eq(select(2, npy.decode("PK\3\4 a zip file", "w.npy", { 2 })),
        "w.npy is not a NumPy .npy file (no \\x93NUMPY magic)")
    eq(select(2, npy.decode(file(1, ok, F32_1_2):sub(1, 40), "w.npy", { 2 })),
        "w.npy is truncated (its header is incomplete)")
    eq(msg(1, "{'descr': '<f4', 'shape': (2,), }", F32_1_2, { 2 }),
        "w.npy is not a valid .npy file: its header lacks 'descr', 'fortran_order' or 'shape'")
end

function T.resolve_is_relative_to_the_description()
    eq(npy.resolve("nets/a.lua", "w.npy"), "nets/w.npy")
    eq(npy.resolve("a.lua", "w.npy"), "w.npy")
    eq(npy.resolve("nets/a.lua", "/abs/w.npy"), "/abs/w.npy")
end

return T
