-- scalar: what the generator knows about each scalar type of the generated
-- code (--type float|double, TYPE in flatprop_add_network).
-- Takes: a type name. Gives: its descriptor; every stage asks this module
-- instead of testing the name.
--
-- A descriptor says how values of the type are spelled and stored (the C
-- name, the literal form, the runtime's suffix, the blob and ONNX codes),
-- how Lua rounds a double to it, the tolerances of the check programs,
-- which targets can compile it, and how the arithmetic the lowering emits
-- is written in C: mul(a, b), acc(sum, a, b) (sum += a * b) and rescale(x),
-- each taking and returning C text. For the floating types they are the
-- plain operators; a fixed-point type would widen, shift and saturate there.
local errors = require("flatprop.errors")

local M = {}

local huge = math.huge
local FLT_MAX = 3.4028234663852886e38

local function is_finite(v)
    return v == v and v ~= huge and v ~= -huge
end

-- Round a double to the nearest binary32 value (ties to even), in pure Lua so
-- that it works the same on Lua 5.1-5.4 and LuaJIT (no string.pack, no
-- math.frexp). Returns +-inf when the value overflows float.
function M.round_float(x)
    if x == 0 or not is_finite(x) then
        return x
    end
    local sign = 1
    if x < 0 then
        sign, x = -1, -x
    end
    local e = math.floor(math.log(x) / math.log(2))
    while 2 ^ e > x do
        e = e - 1
    end
    while 2 ^ (e + 1) <= x do
        e = e + 1
    end
    if e < -126 then
        e = -126 -- subnormal range: fixed quantum 2^-149
    end
    local quantum = 2 ^ (e - 23)
    local m = x / quantum -- exact: scaling by a power of two
    local r = math.floor(m)
    local frac = m - r
    if frac > 0.5 or (frac == 0.5 and r % 2 == 1) then
        r = r + 1
    end
    local v = r * quantum
    if v > FLT_MAX then
        return sign * huge
    end
    return sign * v
end

-- The C arithmetic of a floating type: the operators themselves.
local function mul(a, b)
    return a .. " * " .. b
end

local function acc(sum, a, b)
    return sum .. " += " .. mul(a, b)
end

local function rescale(x)
    return x
end

-- Per type, the check programs' finite-difference step h (a power of two),
-- the kink margin, and the tolerances. A value a passes against an expected
-- value e when |a - e| <= rtol |e| + atol S, where S is the largest |e| of
-- the vector compared (and of the loss, for the gradient).
M.float = {
    name = "float",
    c = "float",                -- the C type of NAME_real
    bytes = 4,                  -- one value in params, a blob, an estimate
    suffix = "f",               -- the runtime's flavour: flatprop_copy_f, ...
    literal_suffix = "f",       -- 0.5f
    round = M.round_float,      -- the value a literal of the type holds
    identity = "f32",           -- in the identity text of blobs
    blob_code = 1,              -- byte 7 of a parameter blob
    blob_text = "float32",
    onnx = "FLOAT",             -- the TensorProto data type (flatprop.onnx)
    vector = true,              -- --vector mve has lanes of it
    estimate = true,            -- the report's Cortex-M model was fitted to it
    needs = nil,                -- a C condition the compiler must meet, or nil
    tolerances = { h = 2 ^ -7, h_text = "2^-7", margin = 2 ^ -8, margin_text = "2^-8",
        ref_rtol = 1e-3, ref_atol = 1e-4, fd_rtol = 1e-2, fd_atol = 2e-3 },
    mul = mul, acc = acc, rescale = rescale,
}

M.double = {
    name = "double",
    c = "double",
    bytes = 8,
    suffix = "d",
    literal_suffix = "",
    round = function(v) return v end,
    identity = "f64",
    blob_code = 2,
    blob_text = "float64",
    onnx = "DOUBLE",
    vector = false,
    estimate = false,
    -- avr-gcc's double has 32 bits: the CMake function refuses TYPE double there
    needs = "DBL_MANT_DIG >= 53",
    needs_text = "a 64-bit double",
    lacks_text = "double has 32 bits",
    tolerances = { h = 2 ^ -20, h_text = "2^-20", margin = 2 ^ -20, margin_text = "2^-20",
        ref_rtol = 1e-9, ref_atol = 1e-10, fd_rtol = 1e-5, fd_atol = 1e-6 },
    mul = mul, acc = acc, rescale = rescale,
}

-- The types, in the order the help and the messages list them.
M.names = { "float", "double" }
M.default = "float"

-- The descriptor of type `ty` (a name or a descriptor); nil for an unknown name.
function M.get(ty)
    if type(ty) == "table" then
        return ty
    end
    local d = ty ~= "names" and ty ~= "default" and M[ty]
    return type(d) == "table" and d or nil
end

-- The descriptor of type `ty`; a bug in the generator when there is none.
function M.of(ty)
    local d = M.get(ty)
    if not d then
        errors.bug("no scalar type " .. tostring(ty))
    end
    return d
end

-- The descriptor of the type whose blob code is `code`, or nil.
function M.by_blob_code(code)
    for _, name in ipairs(M.names) do
        if M[name].blob_code == code then
            return M[name]
        end
    end
    return nil
end

-- "float or double"
function M.choices()
    return table.concat(M.names, " or ")
end

return M
