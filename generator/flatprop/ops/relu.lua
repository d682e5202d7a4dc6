-- ops/relu: the rectified linear unit h = max(z, 0).
-- Takes: a relu layer. Gives: its shape (that of its input), forward
-- statements, and a mask h > 0 on the gradient flowing back through it.
--
-- relu(0) = 0 and its derivative at 0 is taken as 0, so a neuron whose
-- pre-activation is exactly 0 counts as dead. The mask is written on the
-- output h (h > 0 exactly when z > 0), so z need not outlive the forward pass.
local ir = require("flatprop.ir")

local M = { op = "relu", kind = "activation" }

M.fields = { "op" }

function M.check(_, c)
    return { n_in = c.n_in, n_out = c.n_in }
end

function M.describe(L)
    return "relu", string.format("%d", L.n_out)
end

function M.forward(b, L, zs)
    local hs = {}
    for i = 1, #zs do
        hs[i] = b:decl(L.var .. "_" .. (i - 1), ir.sel(ir.gt(zs[i], ir.num(0)), zs[i], ir.num(0)))
    end
    return hs
end

function M.backward(_, _, _, hs, G)
    local G_in = {}
    for i = 1, #G do
        G_in[i] = { e = G[i].e, cond = ir.land(G[i].cond, ir.gt(hs[i], ir.num(0))) }
    end
    return G_in
end

return M
