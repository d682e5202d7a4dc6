-- npy: read a tensor from a NumPy .npy file, in pure Lua.
-- Takes: a file path and the shape the caller expects. Gives: the values as
-- a flat list of Lua numbers (row-major), or nil and what is wrong.
--
-- Accepted: format versions 1, 2 and 3; dtype float32 or float64 in either
-- byte order ('<f4', '<f8', '>f4', '>f8'); C order; exactly the expected
-- shape; exactly as many data bytes as the shape needs; finite values only.
-- No string.unpack (Lua 5.1 and LuaJIT lack it): IEEE bit patterns are
-- decoded by hand with exact arithmetic on doubles.
local M = {}

local MAGIC = "\147NUMPY"

-- Refuse absurd headers and tensors before reading their bytes.
M.max_header_bytes = 64 * 1024
M.max_values = 4000000

local function u16le(s, i)
    local a, b = s:byte(i, i + 1)
    return a + b * 256
end

local function u32le(s, i)
    local a, b, c, d = s:byte(i, i + 3)
    return a + b * 256 + c * 65536 + d * 16777216
end

-- An IEEE binary32 value from its four bytes, most significant first.
function M.decode_f32(b3, b2, b1, b0)
    local negative = b3 >= 128
    local exp = (b3 % 128) * 2 + math.floor(b2 / 128)
    local mant = (b2 % 128) * 65536 + b1 * 256 + b0
    local v
    if exp == 255 then
        if mant ~= 0 then
            return 0 / 0
        end
        v = math.huge
    elseif exp == 0 then
        v = mant * 2 ^ -149 -- subnormal (or zero)
    else
        v = (mant + 8388608) * 2 ^ (exp - 150)
    end
    if negative then
        return -v
    end
    return v
end

-- An IEEE binary64 value from its eight bytes, most significant first.
function M.decode_f64(b7, b6, b5, b4, b3, b2, b1, b0)
    local negative = b7 >= 128
    local exp = (b7 % 128) * 16 + math.floor(b6 / 16)
    -- 52 mantissa bits: at most 2^52, so every step below is exact
    local mant = ((((((b6 % 16) * 256 + b5) * 256 + b4) * 256 + b3) * 256 + b2) * 256 + b1)
        * 256 + b0
    local v
    if exp == 2047 then
        if mant ~= 0 then
            return 0 / 0
        end
        v = math.huge
    elseif exp == 0 then
        v = mant * 2 ^ -1074
    else
        v = (mant + 4503599627370496) * 2 ^ (exp - 1075)
    end
    if negative then
        return -v
    end
    return v
end

-- Python's text for a shape tuple: (3, 2) or (3,).
function M.shape_text(shape)
    if #shape == 1 then
        return "(" .. shape[1] .. ",)"
    end
    local parts = {}
    for i, d in ipairs(shape) do
        parts[i] = tostring(d)
    end
    return "(" .. table.concat(parts, ", ") .. ")"
end

local DTYPES = {
    ["<f4"] = { size = 4, little = true }, ["<f8"] = { size = 8, little = true },
    [">f4"] = { size = 4, little = false }, [">f8"] = { size = 8, little = false },
}

-- The dict literal of the header: {'descr': '<f4', 'fortran_order': False,
-- 'shape': (3, 2), }. Returns descr, fortran_order (string), shape, or nil
-- and a message.
local function parse_header(h)
    local function key(name)
        return "^%s*['\"]" .. name .. "['\"]%s*:%s*"
    end
    local body = h:match("^%s*{(.*)}%s*$")
    if not body then
        return nil, "its header is not a Python dict"
    end
    local descr, fortran, shape_text
    local rest = body
    while true do
        rest = rest:gsub("^%s*,?%s*", "", 1)
        if rest == "" then
            break
        end
        local v, after = rest:match(key("descr") .. "['\"]([^'\"]*)['\"]()")
        if v then
            descr = v
        else
            v, after = rest:match(key("fortran_order") .. "(%a+)()")
            if v then
                fortran = v
            else
                v, after = rest:match(key("shape") .. "%(([^)]*)%)()")
                if v then
                    shape_text = v
                else
                    return nil, "its header has an unexpected entry near '"
                        .. rest:sub(1, 20) .. "'"
                end
            end
        end
        rest = rest:sub(after)
    end
    if not descr or not fortran or not shape_text then
        return nil, "its header lacks 'descr', 'fortran_order' or 'shape'"
    end
    local shape = {}
    for item in (shape_text .. ","):gmatch("%s*([^,]*),") do
        if item:match("^%s*$") then
            break
        end
        local d = tonumber(item:match("^(%d+)L?%s*$"))
        if not d then
            return nil, "its header has a bad shape (" .. shape_text .. ")"
        end
        shape[#shape + 1] = d
    end
    return descr, fortran, shape
end

-- Decode the tensor in `data` (the file's bytes); `name` is how messages
-- call the file and `expected` the shape the caller needs.
function M.decode(data, name, expected)
    if data:sub(1, 6) ~= MAGIC or #data < 10 then
        return nil, name .. " is not a NumPy .npy file (no \\x93NUMPY magic)"
    end
    local major, minor = data:byte(7, 8)
    local header_len, start
    if major == 1 then
        header_len, start = u16le(data, 9), 11
    elseif major == 2 or major == 3 then
        if #data < 12 then
            return nil, name .. " is truncated (its header is incomplete)"
        end
        header_len, start = u32le(data, 9), 13
    else
        return nil, string.format("%s has .npy format version %d.%d, expected 1.0, 2.0 or 3.0",
            name, major, minor)
    end
    if header_len > M.max_header_bytes then
        return nil, name .. " has a header larger than " .. M.max_header_bytes .. " bytes"
    end
    if #data < start + header_len - 1 then
        return nil, name .. " is truncated (its header is incomplete)"
    end
    local header = data:sub(start, start + header_len - 1)
    local descr, fortran, shape = parse_header(header)
    if not descr then
        return nil, name .. " is not a valid .npy file: " .. fortran
    end
    local dtype = DTYPES[descr]
    if not dtype then
        return nil, string.format("%s has dtype '%s', expected float32 or float64 "
            .. "('<f4', '<f8', '>f4' or '>f8')", name, descr)
    end
    if fortran ~= "False" then
        return nil, name .. " is in Fortran order (fortran_order " .. fortran
            .. "), expected C order: save np.ascontiguousarray(a)"
    end
    local same = #shape == #expected
    for i = 1, #expected do
        same = same and shape[i] == expected[i]
    end
    if not same then
        return nil, string.format("%s has shape %s, expected %s", name, M.shape_text(shape),
            M.shape_text(expected))
    end
    local count = 1
    for _, d in ipairs(shape) do
        count = count * d
    end
    if count > M.max_values then
        return nil, string.format("%s has %d values, more than the limit of %d", name, count,
            M.max_values)
    end
    local first = start + header_len
    local need = count * dtype.size
    local have = #data - first + 1
    if have < need then
        return nil, string.format("%s is truncated: %d data bytes, expected %d", name, have, need)
    elseif have > need then
        return nil, string.format("%s has %d bytes after its data, expected none", name,
            have - need)
    end
    local values = {}
    local size, little = dtype.size, dtype.little
    local decode = size == 4 and M.decode_f32 or M.decode_f64
    for k = 0, count - 1 do
        local p = first + k * size
        local v
        if little then
            if size == 4 then
                local b0, b1, b2, b3 = data:byte(p, p + 3)
                v = decode(b3, b2, b1, b0)
            else
                local b0, b1, b2, b3, b4, b5, b6, b7 = data:byte(p, p + 7)
                v = decode(b7, b6, b5, b4, b3, b2, b1, b0)
            end
        else
            v = decode(data:byte(p, p + size - 1))
        end
        if v ~= v or v == math.huge or v == -math.huge then
            local at = {}
            local rem = k
            for i = #shape, 1, -1 do
                at[i] = rem % shape[i]
                rem = math.floor(rem / shape[i])
            end
            return nil, string.format("%s holds %s at index [%s]", name,
                v ~= v and "NaN" or (v > 0 and "Inf" or "-Inf"), table.concat(at, ", "))
        end
        values[k + 1] = v
    end
    return values
end

-- Read the file at `path` (called `name` in messages) and decode it.
function M.read(path, name, expected)
    local f, err = require("flatprop.util").open_regular(path)
    if not f then
        return nil, "cannot read " .. name .. ": " .. err
    end
    local data = f:read(M.max_header_bytes + 16 + M.max_values * 8 + 1) or ""
    f:close()
    return M.decode(data, name, expected)
end

-- Resolve a file named in the description: relative names are relative to
-- the description's folder; absolute names are taken as they are.
function M.resolve(description_path, name)
    if name:sub(1, 1) == "/" or name:match("^%a:[/\\]") then
        return name
    end
    local dir = description_path:match("^(.*)[/\\][^/\\]*$")
    if not dir then
        return name
    end
    return dir .. "/" .. name
end

return M
