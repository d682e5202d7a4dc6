-- protobuf: the protocol-buffers wire format, read and written in plain Lua.
-- Takes: bytes and a schema (field number -> name, kind, repeated, message).
-- Gives: a table of named fields, or an error { offset, msg } it raises; and
-- the writer's pieces (varints, keys, length-delimited fields, floats).
--
-- Only what ONNX needs: varints (int32, int64, enums), fixed32 floats,
-- fixed64 doubles, length-delimited strings, bytes and messages, repeated
-- scalars packed or not. Integers are Lua numbers, so a 64-bit value whose
-- magnitude is beyond 2^53 cannot be held exactly and is refused. Fields
-- that the schema does not name are skipped; groups (wire types 3 and 4),
-- long since deprecated, are refused. Everything is exact double
-- arithmetic, so every Lua gives the same result.
local npy = require("flatprop.npy")

local M = {}

M.max_depth = 32

local TWO53 = 9007199254740992
local TWO28 = 268435456

-- Raise a wire-format error at byte offset `at` (1-based).
local function fail(at, msg)
    error({ protobuf = true, offset = at, msg = msg }, 0)
end
M.fail = fail

function M.is_error(e)
    return type(e) == "table" and e.protobuf == true
end

-- A varint at s[i], within the end j. Returns the value (negative for a
-- two's complement int64) and the next position.
local function varint(s, i, j)
    local lo, hi, mul = 0, 0, 1
    local n = 0
    while true do
        if i > j then
            fail(i, "truncated varint")
        end
        local b = s:byte(i)
        i = i + 1
        n = n + 1
        local v = b % 128
        if n <= 4 then
            lo = lo + v * mul
            mul = mul * 128
            if n == 4 then
                mul = 1
            end
        elseif n < 10 then
            hi = hi + v * mul
            mul = mul * 128
        else -- the tenth byte holds bit 63 only
            if v > 1 then
                fail(i - 1, "varint longer than 64 bits")
            end
            hi = hi + v * mul
        end
        if b < 128 then
            break
        end
        if n == 10 then
            fail(i - 1, "varint longer than 10 bytes")
        end
    end
    -- value = hi * 2^28 + lo, hi < 2^36
    if hi >= 34359738368 then -- bit 63: a negative int64
        local m = 68719476736 - hi -- the magnitude is m * 2^28 - lo, 0 <= lo < 2^28
        if m > TWO53 / TWO28 then
            fail(i - n, "a negative 64-bit integer beyond -2^53 (Lua numbers hold 53 bits)")
        end
        return -(m * TWO28 - lo), i
    end
    if hi > TWO53 / TWO28 or (hi == TWO53 / TWO28 and lo > 0) then
        fail(i - n, "a 64-bit integer beyond 2^53 (Lua numbers hold 53 bits)")
    end
    return hi * TWO28 + lo, i
end
M.varint = varint

local function f32(s, i)
    local b0, b1, b2, b3 = s:byte(i, i + 3)
    return npy.decode_f32(b3, b2, b1, b0)
end

local function f64(s, i)
    local b0, b1, b2, b3, b4, b5, b6, b7 = s:byte(i, i + 7)
    return npy.decode_f64(b7, b6, b5, b4, b3, b2, b1, b0)
end

M.f32_at, M.f64_at = f32, f64

-- Kinds: their wire type and how one scalar is read.
local SCALAR = {
    int64 = 0, int32 = 0, enum = 0, bool = 0, uint64 = 0,
    float = 5, double = 1,
}
local WIRE_NAMES = { [0] = "varint", [1] = "64-bit", [2] = "length-delimited",
    [3] = "group start", [4] = "group end", [5] = "32-bit" }

local function wire_name(w)
    return WIRE_NAMES[w] or ("unknown wire type " .. w)
end

local function read_scalar(kind, s, i, j)
    local w = SCALAR[kind]
    if w == 0 then
        local v
        v, i = varint(s, i, j)
        if kind == "int32" or kind == "enum" then
            -- int32 negatives are sign-extended to 64 bits on the wire
            if v > 2147483647 or v < -2147483648 then
                fail(i - 1, "an int32 field out of range")
            end
        elseif kind == "bool" then
            v = v ~= 0
        end
        return v, i
    elseif w == 5 then
        if i + 3 > j then
            fail(i, "truncated 32-bit value")
        end
        return f32(s, i), i + 4
    end
    if i + 7 > j then
        fail(i, "truncated 64-bit value")
    end
    return f64(s, i), i + 8
end

-- Skip one field's value of wire type w at s[i].
local function skip(w, s, i, j, at)
    if w == 0 then
        local _
        _, i = varint(s, i, j)
        return i
    elseif w == 1 then
        if i + 7 > j then
            fail(i, "truncated 64-bit value")
        end
        return i + 8
    elseif w == 5 then
        if i + 3 > j then
            fail(i, "truncated 32-bit value")
        end
        return i + 4
    elseif w == 2 then
        local n
        n, i = varint(s, i, j)
        if n < 0 or n > j - i + 1 then
            fail(at, string.format("length %d runs past the end of its message "
                .. "(%d bytes left)", n, j - i + 1))
        end
        return i + n
    end
    fail(at, "field of " .. wire_name(w) .. " (groups are not supported)")
end

-- Decode the message s[i..j] with `schema` ({ name, fields = { [num] =
-- { name, kind, repeated = bool, message = schema } } }). `depth` counts
-- nesting. Repeated fields are lists; absent ones are nil (empty lists for
-- repeated fields).
local function decode(s, i, j, schema, depth)
    if depth > M.max_depth then
        fail(i, "messages nested more than " .. M.max_depth .. " deep")
    end
    local out = {}
    for _, f in pairs(schema.fields) do
        if f.repeated then
            out[f[1]] = {}
        end
    end
    while i <= j do
        local at = i
        local key
        key, i = varint(s, i, j)
        if key < 0 then
            fail(at, "negative field key")
        end
        local num, w = math.floor(key / 8), key % 8
        if num == 0 then
            fail(at, "field number 0")
        end
        local f = schema.fields[num]
        if not f then
            i = skip(w, s, i, j, at)
        else
            local name, kind = f[1], f[2]
            local sw = SCALAR[kind]
            if sw and f.repeated and w == 2 then -- packed
                local n
                n, i = varint(s, i, j)
                if n < 0 or n > j - i + 1 then
                    fail(at, string.format("%s.%s: length %d runs past the end of its message",
                        schema.name, name, n))
                end
                local e = i + n - 1
                local list = out[name]
                local v
                while i <= e do
                    v, i = read_scalar(kind, s, i, e)
                    list[#list + 1] = v
                end
            elseif sw then
                if w ~= sw then
                    fail(at, string.format("%s.%s has wire type %s, expected %s", schema.name,
                        name, wire_name(w), wire_name(sw)))
                end
                local v
                v, i = read_scalar(kind, s, i, j)
                if f.repeated then
                    local list = out[name]
                    list[#list + 1] = v
                else
                    out[name] = v
                end
            else -- string, bytes or message: length-delimited
                if w ~= 2 then
                    fail(at, string.format("%s.%s has wire type %s, expected %s", schema.name,
                        name, wire_name(w), wire_name(2)))
                end
                local n
                n, i = varint(s, i, j)
                if n < 0 or n > j - i + 1 then
                    fail(at, string.format("%s.%s: length %d runs past the end of its message "
                        .. "(%d bytes left)", schema.name, name, n, j - i + 1))
                end
                local v
                if kind == "message" then
                    v = decode(s, i, i + n - 1, f.message, depth + 1)
                    v._at = i
                else
                    v = s:sub(i, i + n - 1)
                end
                i = i + n
                if f.repeated then
                    local list = out[name]
                    list[#list + 1] = v
                else
                    out[name] = v -- the last one wins, as protobuf says
                end
            end
        end
    end
    return out
end

-- Decode all of `s` as a `schema` message.
function M.decode(s, schema)
    return decode(s, 1, #s, schema, 0)
end

---------------------------------------------------------------------------
-- Writing

-- The varint of an integer (negative: 10 bytes of two's complement).
function M.encode_varint(v)
    if v ~= math.floor(v) or v > TWO53 or v < -TWO53 then
        error("internal: varint of " .. tostring(v), 2)
    end
    local lo, hi
    if v < 0 then -- 2^64 + v as hi * 2^32 + lo
        local m = -v
        local mlo = m % 4294967296
        local mhi = (m - mlo) / 4294967296
        if mlo == 0 then
            lo, hi = 0, 4294967296 - mhi
        else
            lo, hi = 4294967296 - mlo, 4294967295 - mhi
        end
    else
        lo = v % 4294967296
        hi = (v - lo) / 4294967296
    end
    local bytes = {}
    -- 7 bits at a time from the 64-bit value hi:lo
    while true do
        local b = lo % 128
        lo = (lo - b) / 128 + (hi % 128) * 33554432 -- 2^25: hi's low bits move down
        hi = (hi - hi % 128) / 128
        if lo == 0 and hi == 0 then
            bytes[#bytes + 1] = string.char(b)
            break
        end
        bytes[#bytes + 1] = string.char(b + 128)
    end
    return table.concat(bytes)
end

function M.key(num, wire)
    return M.encode_varint(num * 8 + wire)
end

-- A length-delimited field (string, bytes or an encoded message).
function M.bytes_field(num, s)
    return M.key(num, 2) .. M.encode_varint(#s) .. s
end

function M.varint_field(num, v)
    return M.key(num, 0) .. M.encode_varint(v)
end

-- Packed repeated varints.
function M.packed_varints(num, list)
    local parts = {}
    for k, v in ipairs(list) do
        parts[k] = M.encode_varint(v)
    end
    return M.bytes_field(num, table.concat(parts))
end

-- 2^e <= a < 2^(e+1) for a finite a > 0
local function exponent(a)
    local e = math.floor(math.log(a) / math.log(2))
    while 2 ^ e > a do
        e = e - 1
    end
    while 2 ^ (e + 1) <= a do
        e = e + 1
    end
    return e
end

local function le_bytes(n, count)
    local out = {}
    for k = 1, count do
        local b = n % 256
        out[k] = string.char(b)
        n = (n - b) / 256
    end
    return table.concat(out)
end

-- The 4 little-endian bytes of a float32 value (v must be one exactly:
-- a value saved by the runtime in a float blob is).
function M.encode_f32(v)
    local sign = 0
    if v < 0 or (v == 0 and 1 / v < 0) then
        sign, v = 2147483648, -v
    end
    if v == 0 then
        return le_bytes(sign, 4)
    end
    local e = exponent(v)
    local bits
    if e < -126 then
        bits = v / 2 ^ -149
    else
        bits = (e + 127) * 8388608 + (v / 2 ^ (e - 23) - 8388608)
    end
    return le_bytes(sign + bits, 4)
end

-- The 8 little-endian bytes of a double.
function M.encode_f64(v)
    local sign = 0
    if v < 0 or (v == 0 and 1 / v < 0) then
        sign, v = 2147483648, -v
    end
    local hi, lo
    if v == 0 then
        hi, lo = 0, 0
    else
        local e = exponent(v)
        local mant, ex
        if e < -1022 then
            mant, ex = v / 2 ^ -1074, 0
        else
            mant, ex = v / 2 ^ (e - 52) - 4503599627370496, e + 1023
        end
        lo = mant % 4294967296
        hi = ex * 1048576 + (mant - lo) / 4294967296
    end
    return le_bytes(lo, 4) .. le_bytes(sign + hi, 4)
end

return M
