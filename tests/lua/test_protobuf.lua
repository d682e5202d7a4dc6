-- Tests of protobuf.lua and onnx.lua: the wire format, exact on every Lua.
local pb = require("flatprop.protobuf")
local onnx = require("flatprop.onnx")
local expect = require("expect")
local eq, contains = expect.eq, expect.contains

local T = {}

local function hex(s)
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local function unhex(h)
    return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end))
end

local function wire_error(f, ...)
    local ok, e = pcall(f, ...)
    eq(ok, false)
    eq(pb.is_error(e), true, "a wire-format error")
    return e.msg, e.offset
end

function T.varints_known_bytes()
    -- the protobuf documentation's examples and int64 two's complement
    eq(hex(pb.encode_varint(0)), "00")
    eq(hex(pb.encode_varint(1)), "01")
    eq(hex(pb.encode_varint(150)), "9601")
    eq(hex(pb.encode_varint(300)), "ac02")
    eq(hex(pb.encode_varint(-1)), "ffffffffffffffffff01")
    eq(hex(pb.encode_varint(-2)), "feffffffffffffffff01")
    eq(hex(pb.encode_varint(2 ^ 53)), "8080808080808010")
end

function T.varints_round_trip()
    for _, v in ipairs({ 0, 1, 127, 128, 16383, 16384, 2 ^ 31 - 1, 2 ^ 31, 2 ^ 32,
        2 ^ 35 + 7, 2 ^ 52 + 1, 2 ^ 53, -1, -127, -128, -2 ^ 31, -2 ^ 32 - 5, -2 ^ 53 }) do
        local s = pb.encode_varint(v)
        local got, nxt = pb.varint(s, 1, #s)
        eq(got, v, "varint " .. string.format("%.0f", v))
        eq(nxt, #s + 1)
    end
end

function T.varints_beyond_2_53_refused()
    contains(wire_error(pb.varint, unhex("8180808080808010"), 1, 8), "beyond 2^53")
    contains(wire_error(pb.varint, unhex("ffffffffffffff7f"), 1, 8), "beyond 2^53")
    -- -(2^53 + 1)
    contains(wire_error(pb.varint, unhex("ffffffffffffffefff01"), 1, 10), "beyond -2^53")
    contains(wire_error(pb.varint, unhex("8080"), 1, 2), "truncated varint")
    contains(wire_error(pb.varint, unhex("ffffffffffffffffff02"), 1, 10), "longer than 64")
    contains(wire_error(pb.varint, unhex("ffffffffffffffffff8101"), 1, 11), "10 bytes")
end

function T.floats_round_trip_exactly()
    -- float32 values (the runtime's float blobs hold nothing else)
    for _, v in ipairs({ 0, 1, -1, 0.5, 0.100000001490116119384765625, -3.25, 2 ^ -149,
        3 * 2 ^ -140, 2 ^ -126, 3.4028234663852886e38, 123456.75 }) do
        eq(pb.f32_at(pb.encode_f32(v), 1), v, "f32 " .. v)
        eq(pb.f64_at(pb.encode_f64(v), 1), v, "f64 " .. v)
    end
    for _, v in ipairs({ 0.1, 1e-300, 4.9e-324, 1.7976931348623157e308, -1 / 3 }) do
        eq(pb.f64_at(pb.encode_f64(v), 1), v, "f64 " .. v)
    end
    eq(hex(pb.encode_f32(1)), "0000803f")
    eq(hex(pb.encode_f32(-2)), "000000c0")
    eq(hex(pb.encode_f64(1)), "000000000000f03f")
    eq(hex(pb.encode_f64(2 ^ -1074)), "0100000000000000")
    local z = 0.0
    z = -z
    eq(1 / pb.f32_at(pb.encode_f32(z), 1) < 0, true, "negative zero keeps its sign")
end

local S = { name = "M", fields = {
    [1] = { "xs", "int64", repeated = true },
    [2] = { "f", "float" },
    [3] = { "s", "string" },
    [4] = { "sub", "message", repeated = true, message = { name = "Sub", fields = {
        [1] = { "v", "int64" } } } },
    [5] = { "ds", "double", repeated = true },
} }

function T.packed_and_unpacked_repeated()
    local packed = pb.packed_varints(1, { 1, -1, 300 })
    local unpacked = pb.varint_field(1, 1) .. pb.varint_field(1, -1) .. pb.varint_field(1, 300)
    for _, s in ipairs({ packed, unpacked }) do
        local m = pb.decode(s, S)
        eq(#m.xs, 3)
        eq(m.xs[1], 1)
        eq(m.xs[2], -1)
        eq(m.xs[3], 300)
    end
    -- packed doubles, then one unpacked double appended
    local d = pb.bytes_field(5, pb.encode_f64(0.25) .. pb.encode_f64(-8)) .. pb.key(5, 1)
        .. pb.encode_f64(3)
    local m = pb.decode(d, S)
    eq(#m.ds, 3)
    eq(m.ds[1], 0.25)
    eq(m.ds[2], -8)
    eq(m.ds[3], 3)
end

function T.nested_messages_and_unknown_fields()
    local s = pb.bytes_field(4, pb.varint_field(1, 7)) .. pb.varint_field(99, 5)
        .. pb.bytes_field(98, "skip me") .. pb.key(97, 5) .. "abcd" .. pb.key(96, 1)
        .. "abcdefgh" .. pb.bytes_field(3, "hi") .. pb.key(2, 5) .. pb.encode_f32(1.5)
    local m = pb.decode(s, S)
    eq(m.sub[1].v, 7)
    eq(m.s, "hi")
    eq(m.f, 1.5)
end

function T.malformed_messages()
    contains(wire_error(pb.decode, pb.varint_field(3, 5), S), "M.s has wire type varint, "
        .. "expected length-delimited")
    contains(wire_error(pb.decode, pb.key(3, 2) .. pb.encode_varint(10) .. "abc", S),
        "length 10 runs past the end")
    contains(wire_error(pb.decode, pb.key(2, 5) .. "ab", S), "truncated 32-bit")
    contains(wire_error(pb.decode, pb.key(50, 3), S), "groups are not supported")
    contains(wire_error(pb.decode, pb.key(0, 0) .. "\0", S), "field number 0")
    -- a length inside a nested message that passes its parent's end
    local inner = pb.key(2, 2) .. pb.encode_varint(3) .. "x"
    contains(wire_error(pb.decode, pb.bytes_field(4, inner) .. "yyyy", S), "runs past")
    -- nesting deeper than the limit: a schema that contains itself
    local R = { name = "R", fields = {} }
    R.fields[1] = { "r", "message", message = R }
    local s = ""
    for _ = 1, pb.max_depth + 2 do
        s = pb.bytes_field(1, s)
    end
    contains(wire_error(pb.decode, s, R), "nested more than")
end

function T.tensor_values()
    local t = pb.decode(onnx.encode_tensor("w", { 2, 2 }, { 1, -2, 0.5, 3 }), onnx.Tensor)
    eq(t.name, "w")
    eq(t.dims[1] * t.dims[2], 4)
    local v = onnx.values(t)
    eq(v[2], -2)
    eq(v[3], 0.5)
    local dbl = pb.decode(onnx.encode_tensor("d", { 1 }, { 0.1 }, true), onnx.Tensor)
    eq(onnx.values(dbl)[1], 0.1)
    -- float_data and int64_data, and int64 in raw_data with negatives
    local fd = pb.packed_varints(1, { 3 }) .. pb.varint_field(2, 1) .. pb.bytes_field(4,
        pb.encode_f32(1) .. pb.encode_f32(2) .. pb.encode_f32(-4))
    eq(onnx.values(pb.decode(fd, onnx.Tensor))[3], -4)
    local id = pb.packed_varints(1, { 2 }) .. pb.varint_field(2, 7)
        .. pb.packed_varints(7, { -1, 9 })
    eq(onnx.values(pb.decode(id, onnx.Tensor))[1], -1)
    local raw = pb.packed_varints(1, { 2 }) .. pb.varint_field(2, 7)
        .. pb.bytes_field(9, unhex("ffffffffffffffff0300000000000000"))
    local r = onnx.values(pb.decode(raw, onnx.Tensor))
    eq(r[1], -1)
    eq(r[2], 3)
    -- mismatches and external data
    local short = pb.packed_varints(1, { 3 }) .. pb.varint_field(2, 1)
        .. pb.bytes_field(9, "abcd")
    local _, why = onnx.values(pb.decode(short, onnx.Tensor))
    contains(why, "has 4 bytes of raw data, its 3 float32 values need 12")
    local ext = pb.packed_varints(1, { 1 }) .. pb.varint_field(2, 1)
        .. pb.bytes_field(13, pb.bytes_field(1, "location") .. pb.bytes_field(2, "w.bin"))
        .. pb.varint_field(14, 1)
    _, why = onnx.values(pb.decode(ext, onnx.Tensor))
    contains(why, "external file")
    local f16 = pb.packed_varints(1, { 1 }) .. pb.varint_field(2, 10) .. pb.bytes_field(9, "ab")
    _, why = onnx.values(pb.decode(f16, onnx.Tensor))
    contains(why, "float16")
    local huge = pb.packed_varints(1, { 100000, 100000 }) .. pb.varint_field(2, 1)
    _, why = onnx.values(pb.decode(huge, onnx.Tensor))
    contains(why, "more than")
end

return T
