-- ops/identity: y = x, for descriptions that spell out a linear output.
-- Takes: an identity layer. Gives: no code; values and gradients pass through.
local shape = require("flatprop.shape")
local M = { op = "identity", kind = "activation" }

M.fields = { "op" }

function M.check()
    return {}
end

function M.describe(L)
    return "identity", shape.text(L.out_shape)
end

function M.forward_elem(_, x)
    return x -- the same expression: the lowering declares nothing
end

function M.backward_elem(_, g)
    return g, nil
end

M.reference = {
    f = function(_, z) return z end,
    df = function() return 1 end,
    lip = function() return 1 end,
}

return M
