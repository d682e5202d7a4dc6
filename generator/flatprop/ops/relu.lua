-- ops/relu: the rectified linear unit h = max(z, 0).
-- Takes: a relu layer. Gives: its shape (that of its input) and its rules
-- for one element: h = z > 0 ? z : 0 forward, and backward a mask h > 0 on
-- the gradient that lets the dense layer before it skip a dead neuron.
--
-- relu(0) = 0 and its derivative at 0 is taken as 0, so a neuron whose
-- pre-activation is exactly 0 counts as dead. The mask is written on the
-- output h (h > 0 exactly when z > 0), so z need not outlive the forward pass.
local shape = require("flatprop.shape")
local ir = require("flatprop.ir")

local M = { op = "relu", kind = "activation" }

M.fields = { "op" }

-- backward reads only h, so a loop over an array may overwrite z with h
M.inplace = true

function M.check()
    return {}
end

function M.describe(L)
    return "relu", shape.text(L.out_shape)
end

-- h for one element z (an IR expression).
function M.forward_elem(_, z)
    return ir.sel(ir.gt(z, ir.num(0)), z, ir.num(0))
end

-- The gradient at the input from g at the output: an expression and a
-- condition under which it holds (it is 0 otherwise), or nil condition.
function M.backward_elem(_, g, _, h)
    return g, ir.gt(h, ir.num(0))
end

-- The reference math: h = max(z, 0); a kink at 0, exactly 0 for z <= 0.
M.reference = {
    kink = true,
    clamps = true,
    f = function(_, z) return z > 0 and z or 0 end,
    df = function(_, z) return z > 0 and 1 or 0 end,
    lip = function(_, z) return z > 0 and 1 or 0 end,
}

return M
