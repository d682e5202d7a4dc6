-- ops/leaky_relu: h = z > 0 ? z : slope * z (slope defaults to 0.01).
-- Takes: a leaky_relu layer. Gives: its shape (that of its input) and its
-- element rules; the mask is an inlined condition on z in both passes.
--
-- As for relu, the derivative at z = 0 is taken from the left: slope.
-- Unlike relu the gradient never vanishes, so no row of the dense layer
-- before it can be skipped; the mask becomes a select in the row's d.
local shape = require("flatprop.shape")
local C = require("flatprop.C")
local ir = require("flatprop.ir")
local util = require("flatprop.util")

local M = { op = "leaky_relu", kind = "activation" }

M.fields = { "op", "slope" }

function M.check(t, c)
    local slope = 0.01
    if t.slope ~= nil then
        if not util.is_finite(t.slope) then
            c.fail({ "slope" }, "slope must be a finite number, got " .. util.show(t.slope))
        end
        if not C.fits(t.slope, c.type) then
            c.fail({ "slope" }, "slope " .. util.show(t.slope) .. " does not fit in " .. c.type)
        end
        slope = t.slope
    end
    return { slope = slope }
end

function M.describe(L)
    return "leaky_relu", string.format("%s, slope %s", shape.text(L.out_shape),
        C.real(L.slope, "double"))
end

function M.forward_elem(L, z)
    return ir.sel(ir.gt(z, ir.num(0)), z, ir.mul(ir.num(L.slope), z))
end

-- The mask reads z (the input), which stays in scope for the whole
-- function: with a negative slope h > 0 would not tell the sides apart.
function M.backward_elem(L, g, z)
    return ir.sel(ir.gt(z, ir.num(0)), g, ir.mul(ir.num(L.slope), g)), nil
end

-- leaky_relu(3) or leaky_relu { slope = 3 }
function M.helper(fields)
    if type(fields) == "number" then
        return { slope = fields }
    end
    return fields
end

-- (a layer record without a slope has the default's)
M.reference = {
    kink = true,
    f = function(L, z) return z > 0 and z or (L.slope or 0.01) * z end,
    df = function(L, z) return z > 0 and 1 or (L.slope or 0.01) end,
    lip = function(L, z) return z > 0 and 1 or math.abs(L.slope or 0.01) end,
}

return M
