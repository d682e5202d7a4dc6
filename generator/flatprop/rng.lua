-- rng: the runtime's pseudo-random generator (runtime/src/rng.c) in Lua.
-- Takes: a seed and a stream. Gives: the same 32-bit numbers, and the
-- same values flatprop_uniform_f/_d write, so the generator knows the
-- parameters NAME_init(params, seed) makes (--reference with `seed:`).
--
-- xoshiro128** seeded by splitmix32, in exact double arithmetic on
-- numbers 0 .. 2^32 - 1 (no bit operators on Lua 5.1): xor nibble by
-- nibble, products split so every partial one stays below 2^53.
local C = require("flatprop.C")
local scalar = require("flatprop.scalar")

local M = {}

local TWO32 = 4294967296

local XOR4 = {}
for a = 0, 15 do
    XOR4[a] = {}
    for b = 0, 15 do
        local r, bit, x, y = 0, 1, a, b
        for _ = 1, 4 do
            if x % 2 ~= y % 2 then
                r = r + bit
            end
            x, y, bit = math.floor(x / 2), math.floor(y / 2), bit * 2
        end
        XOR4[a][b] = r
    end
end

local function xor(a, b) -- a ^ b for 32-bit values
    local r, scale = 0, 1
    for _ = 1, 8 do
        local x, y = a % 16, b % 16
        r = r + XOR4[x][y] * scale
        a, b, scale = (a - x) / 16, (b - y) / 16, scale * 16
    end
    return r
end

M.xor = xor

local function shl(a, k)
    return (a * 2 ^ k) % TWO32
end

local function shr(a, k)
    return math.floor(a / 2 ^ k)
end

local function rotl(a, k)
    return shl(a, k) + shr(a, 32 - k)
end

-- a * b mod 2^32
local function mul(a, b)
    local al = a % 65536
    local ah = (a - al) / 65536
    return (al * b + ((ah * b) % 65536) * 65536) % TWO32
end

local function splitmix(st)
    st.x = (st.x + 0x9E3779B9) % TWO32
    local z = st.x
    z = mul(xor(z, shr(z, 16)), 0x85EBCA6B)
    z = mul(xor(z, shr(z, 13)), 0xC2B2AE35)
    return xor(z, shr(z, 16))
end

-- flatprop_rng_seed(rng, seed, stream)
function M.new(seed, stream)
    local st = { x = xor(seed, mul(stream, 0x632BE5AB)) }
    splitmix(st)
    st.x = xor(st.x, stream)
    local s = {}
    for i = 1, 4 do
        s[i] = splitmix(st)
    end
    if s[1] + s[2] + s[3] + s[4] == 0 then
        s[1] = 1
    end
    return { s = s }
end

-- flatprop_rng_next
function M.next(rng)
    local s = rng.s
    local result = mul(rotl(mul(s[2], 5), 7), 9)
    local t = shl(s[2], 9)
    s[3] = xor(s[3], s[1])
    s[4] = xor(s[4], s[2])
    s[2] = xor(s[2], s[3])
    s[1] = xor(s[1], s[4])
    s[3] = xor(s[3], t)
    s[4] = rotl(s[4], 11)
    return result
end

-- flatprop_uniform_f/_d: n values (u + u - 1) * limit, limit in the type
function M.uniform(rng, n, limit, ty)
    local out = {}
    for i = 1, n do
        local u
        if scalar.of(ty).bytes == 8 then
            local hi = shr(M.next(rng), 5)
            local lo = shr(M.next(rng), 6)
            u = (hi * 67108864 + lo) / 9007199254740992
        else
            u = shr(M.next(rng), 8) / 16777216
        end
        out[i] = C.round((u + u - 1) * limit, ty)
    end
    return out
end

return M
