-- ops/identity: y = x, for descriptions that spell out a linear output.
-- Takes: an identity layer. Gives: no code; values and gradients pass through.
local M = { op = "identity", kind = "activation" }

M.fields = { "op" }

function M.check(_, c)
    return { n_in = c.n_in, n_out = c.n_in }
end

function M.describe(L)
    return "identity", string.format("%d", L.n_out)
end

function M.forward_elem(_, x)
    return x -- the same expression: the lowering declares nothing
end

function M.backward_elem(_, g)
    return g, nil
end

return M
