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

function M.forward(_, _, xs)
    return xs
end

function M.backward(_, _, _, _, G)
    return G
end

return M
