-- ops/sigmoid: h = 1 / (1 + exp(-z)), the logistic function.
-- Takes: a sigmoid layer. Gives: its shape and its element rules; forward
-- calls the runtime's flatprop_sigmoid, backward uses h (1 - h).
local ir = require("flatprop.ir")
local mathfn = require("flatprop.mathfn")

local M = { op = "sigmoid", kind = "activation" }

M.fields = { "op" }

function M.check(_, c)
    return { n_in = c.n_in, n_out = c.n_in, type = c.type }
end

function M.describe(L)
    return "sigmoid", string.format("%d", L.n_out)
end

function M.forward_elem(L, z)
    return mathfn.call(L.type, "sigmoid", z)
end

-- dh/dz = h (1 - h): no second call, and exactly 0 where h saturated.
function M.backward_elem(_, g, _, h)
    return ir.mul(g, ir.mul(h, ir.sub(ir.num(1), h))), nil
end

return M
