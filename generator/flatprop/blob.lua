-- blob: read a parameter blob saved by the runtime (flatprop_save_f/_d).
-- Takes: the bytes of a blob and the network it should belong to. Gives:
-- the parameters as Lua numbers, or nil and what is wrong, checked as the
-- runtime's loader checks (runtime/include/flatprop.h: magic, version,
-- scalar type, identity, count, exact length, CRC-32, finite values).
local identity = require("flatprop.identity")
local npy = require("flatprop.npy")
local rng = require("flatprop.rng")
local scalar = require("flatprop.scalar")

local M = {}

local function u32(s, i)
    local a, b, c, d = s:byte(i, i + 3)
    return a + b * 256 + c * 65536 + d * 16777216
end

-- CRC-32/IEEE (reflected, polynomial 0xEDB88320), a table of 256.
local TABLE
local function crc32(s, n)
    if not TABLE then
        TABLE = {}
        for i = 0, 255 do
            local c = i
            for _ = 1, 8 do
                if c % 2 == 1 then
                    c = rng.xor((c - 1) / 2, 0xEDB88320)
                else
                    c = c / 2
                end
            end
            TABLE[i] = c
        end
    end
    local crc = 0xFFFFFFFF
    for i = 1, n do
        local low = rng.xor(crc % 256, s:byte(i))
        crc = rng.xor(math.floor(crc / 256), TABLE[low])
    end
    return rng.xor(crc, 0xFFFFFFFF)
end
M.crc32 = crc32

-- The parameters of `net` in blob `s`, or nil and the reason.
function M.decode(net, s)
    if #s < 16 then
        return nil, string.format("is %d bytes, shorter than a blob header (16)", #s)
    end
    if s:sub(1, 4) ~= "FLPB" then
        return nil, "is not a flatprop parameter blob (no FLPB magic)"
    end
    local version = s:byte(5) + s:byte(6) * 256
    if version ~= 1 or s:byte(8) ~= 0 then
        return nil, "has format version " .. version .. ", this generator reads version 1"
    end
    local ty = s:byte(7)
    local want = scalar.of(net.type)
    if ty ~= want.blob_code then
        local held = scalar.by_blob_code(ty)
        return nil, string.format("holds %s values, %s is %s", held and held.blob_text
            or "unknown", net.name, net.type)
    end
    local id, count = u32(s, 9), u32(s, 13)
    local mine = identity.hash(identity.text(net))
    if id ~= mine then
        return nil, string.format("belongs to another network (identity 0x%08X, %s has "
            .. "0x%08X: %s)", id, net.name, mine, identity.text(net))
    end
    if count ~= net.n_params then
        return nil, string.format("holds %d parameters, %s has %d", count, net.name,
            net.n_params)
    end
    local w = want.bytes
    local size = 20 + count * w
    if #s ~= size then
        return nil, string.format("is %d bytes, a blob of %d parameters is %d", #s, count, size)
    end
    if crc32(s, size - 4) ~= u32(s, size - 3) then
        return nil, "fails its CRC-32 check (damaged)"
    end
    local values = {}
    for k = 1, count do
        local i = 17 + (k - 1) * w
        local v
        if w == 4 then
            v = npy.decode_f32(s:byte(i + 3), s:byte(i + 2), s:byte(i + 1), s:byte(i))
        else
            v = npy.decode_f64(s:byte(i + 7), s:byte(i + 6), s:byte(i + 5), s:byte(i + 4),
                s:byte(i + 3), s:byte(i + 2), s:byte(i + 1), s:byte(i))
        end
        if v ~= v or v == math.huge or v == -math.huge then
            return nil, string.format("holds a non-finite value at parameter %d", k - 1)
        end
        values[k] = v
    end
    return values
end

return M
