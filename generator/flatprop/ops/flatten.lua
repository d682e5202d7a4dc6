-- ops/flatten: (C, ...) -> one vector in the same order, as torch.flatten.
-- Takes: a flatten layer. Gives: its op module (see ops/init.lua); no code:
-- values and gradients pass through, only the shape changes.
local shape = require("flatprop.shape")

local M = { op = "flatten", kind = "reshape" }

M.fields = { "op" }

function M.check(_, c)
    if #c.in_shape < 2 then
        c.fail({}, "flatten takes a shaped input (C, L) or (C, H, W), but its input is already "
            .. "a vector (" .. shape.text(c.in_shape) .. ")")
    end
    return { out_shape = { shape.size(c.in_shape) } }
end

function M.describe(L)
    return "flatten", string.format("%s -> %d", shape.text(L.in_shape), L.n_out)
end

function M.label(L)
    return "flatten\n" .. shape.text(L.in_shape) .. " -> " .. L.n_out
end

-- The same elements under a new shape: a copy of the list, tags included.
function M.forward(_, _, xs)
    local ys = { array = xs.array, source = xs.source }
    for i, v in ipairs(xs) do
        ys[i] = v
    end
    return ys
end

function M.backward(_, _, _, _, G)
    return G
end

function M.form_of(_, input_is_array)
    return input_is_array and "loop" or "full"
end

M.reference = {
    forward = function(_, _, x) return x end,
    backward = function(_, _, _, _, g) return g end,
    bound = function(_, _, _, B) return B end,
    forced = function(_, _, _, forced_in) return forced_in end,
}

return M
