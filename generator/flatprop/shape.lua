-- shape: the shapes of the values between layers.
-- Takes: lists of dimensions ({ n } for a vector, { C, L }, { C, H, W }).
-- Gives: sizes, strides and the text that comments and messages use.
--
-- A value is stored flat in PyTorch's layout: channel-major, row-major
-- (x[c*L + l], x[(c*H + h)*W + w]), so a shape is all a layer needs to
-- find an element.
local M = {}

function M.size(s)
    local n = 1
    for _, d in ipairs(s) do
        n = n * d
    end
    return n
end

function M.copy(s)
    local c = {}
    for i, d in ipairs(s) do
        c[i] = d
    end
    return c
end

-- A dimension as text: "%d" only where it is exact on every Lua (5.4's %d
-- refuses 1e20, 5.1's prints 2^63 as a negative number).
local function dim(d)
    if type(d) == "number" and d == math.floor(d) and math.abs(d) < 2 ^ 53 then
        return string.format("%d", d)
    end
    return require("flatprop.util").show(d)
end
M.dim_text = dim

-- "8" for a vector, "3x64" or "1x8x8" for a shaped value.
function M.text(s)
    local parts = {}
    for i, d in ipairs(s) do
        parts[i] = dim(d)
    end
    return table.concat(parts, "x")
end

-- Python's tuple text, as in NumPy and PyTorch messages: (3, 2) or (3,).
function M.tuple(s)
    local parts = {}
    for i, d in ipairs(s) do
        parts[i] = dim(d)
    end
    if #parts == 1 then
        return "(" .. parts[1] .. ",)"
    end
    return "(" .. table.concat(parts, ", ") .. ")"
end

-- The spatial dimensions of a shaped value (everything after the channels).
function M.spatial(s)
    local sp = {}
    for i = 2, #s do
        sp[#sp + 1] = s[i]
    end
    return sp
end

function M.equal(a, b)
    if #a ~= #b then
        return false
    end
    for i = 1, #a do
        if a[i] ~= b[i] then
            return false
        end
    end
    return true
end

return M
