-- ops/tanh: h = tanh(z).
-- Takes: a tanh layer. Gives: its shape and its element rules; forward
-- calls the runtime's flatprop_tanh, backward uses 1 - h^2.
local ir = require("flatprop.ir")
local mathfn = require("flatprop.mathfn")

local M = { op = "tanh", kind = "activation" }

M.fields = { "op" }

function M.check(_, c)
    return { n_in = c.n_in, n_out = c.n_in, type = c.type }
end

function M.describe(L)
    return "tanh", string.format("%d", L.n_out)
end

function M.forward_elem(L, z)
    return mathfn.call(L.type, "tanh", z)
end

-- dh/dz = 1 - h^2, exactly 0 where h saturated to +-1.
function M.backward_elem(_, g, _, h)
    return ir.mul(g, ir.sub(ir.num(1), ir.mul(h, h))), nil
end

return M
