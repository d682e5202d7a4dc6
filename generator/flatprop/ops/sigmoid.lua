-- ops/sigmoid: h = 1 / (1 + exp(-z)), the logistic function.
-- Takes: a sigmoid layer. Gives: its shape and its element rules; forward
-- calls the runtime's flatprop_sigmoid, backward uses h (1 - h).
local shape = require("flatprop.shape")
local ir = require("flatprop.ir")
local mathfn = require("flatprop.mathfn")

local M = { op = "sigmoid", kind = "activation" }

M.fields = { "op" }

-- backward reads only h, so a loop over an array may overwrite z with h
M.inplace = true

function M.check(_, c)
    return { type = c.type }
end

function M.describe(L)
    return "sigmoid", shape.text(L.out_shape)
end

function M.forward_elem(L, z)
    return mathfn.call(L.type, "sigmoid", z)
end

-- dh/dz = h (1 - h): no second call, and exactly 0 where h saturated.
function M.backward_elem(_, g, _, h)
    return ir.mul(g, ir.mul(h, ir.sub(ir.num(1), h))), nil
end

-- The reference math, in double: the stable form on both sides of 0.
local function sigmoid(z)
    if z >= 0 then
        return 1 / (1 + math.exp(-z))
    end
    local e = math.exp(z)
    return e / (1 + e)
end

M.reference = {
    f = function(_, z) return sigmoid(z) end,
    df = function(_, _, h) return h * (1 - h) end,
    lip = function() return 0.25 end,
}

return M
