-- identity: what makes two networks' parameter blobs compatible.
-- Takes: the checked network. Gives: its identity text (scalar type and
-- the shape of every parameter tensor in layout order) and the text's
-- FNV-1a hash, the value flatprop_identity_hash() computes in the runtime,
-- which the generated NAME_IDENTITY carries and every blob header holds.
--
-- The name is not part of it: two networks with the same layout can load
-- each other's blobs; a different shape, order or scalar type cannot.
local scalar = require("flatprop.scalar")
local shape = require("flatprop.shape")

local M = {}

function M.text(net)
    local parts = {}
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            parts[#parts + 1] = shape.text(T.shape)
        end
    end
    return "flatprop1:" .. scalar.of(net.type).identity .. ":"
        .. table.concat(parts, ",")
end

-- a xor b for bytes (no bit operators on Lua 5.1)
local function xor8(a, b)
    local r, bit = 0, 1
    for _ = 1, 8 do
        local x, y = a % 2, b % 2
        if x ~= y then
            r = r + bit
        end
        a, b, bit = (a - x) / 2, (b - y) / 2, bit * 2
    end
    return r
end

-- FNV-1a, 32 bits, in exact double arithmetic: h * 0x01000193 mod 2^32 as
-- h * 403 + (h mod 2^8) * 2^24, each part below 2^53.
function M.hash(text)
    local h = 0x811C9DC5
    for i = 1, #text do
        local low = h % 256
        h = h - low + xor8(low, text:byte(i))
        h = (h * 403 + (h % 256) * 16777216) % 4294967296
    end
    return h
end

return M
