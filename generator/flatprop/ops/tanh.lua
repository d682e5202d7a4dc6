-- ops/tanh: h = tanh(z).
-- Takes: a tanh layer. Gives: its shape and its element rules; forward
-- calls the runtime's flatprop_tanh, backward uses 1 - h^2.
local shape = require("flatprop.shape")
local ir = require("flatprop.ir")
local mathfn = require("flatprop.mathfn")

local M = { op = "tanh", kind = "activation" }

M.fields = { "op" }

-- backward reads only h, so a loop over an array may overwrite z with h
M.inplace = true

function M.check(_, c)
    return { type = c.type }
end

function M.describe(L)
    return "tanh", shape.text(L.out_shape)
end

function M.forward_elem(L, z)
    return mathfn.call(L.type, "tanh", z)
end

-- dh/dz = 1 - h^2, exactly 0 where h saturated to +-1.
function M.backward_elem(_, g, _, h)
    return ir.mul(g, ir.sub(ir.num(1), ir.mul(h, h))), nil
end

-- The reference math, in double. math.tanh is gone from Lua 5.4:
-- tanh(z) = (1 - e^-2|z|) / (1 + e^-2|z|).
local function tanh(z)
    local t = math.exp(-2 * math.abs(z))
    local r = (1 - t) / (1 + t)
    return z < 0 and -r or r
end

M.reference = {
    f = function(_, z) return tanh(z) end,
    df = function(_, _, h) return 1 - h * h end,
    lip = function() return 1 end,
}

return M
