-- losses: the loss functions at the end of a network.
-- Takes: the network's outputs and targets. Gives: statements for the loss
-- value and for its gradient w.r.t. the outputs.
local ir = require("flatprop.ir")

local M = {}

-- Sum of squared errors, scaled by `scale` (1 or 1/n): L = scale * sum e_i^2
-- and dL/dy_i = 2 * scale * e_i.
local function squares(b, ys, ts, want_grad, mean)
    local n = #ys
    local es = {}
    for i = 1, n do
        es[i] = b:decl("e" .. (i - 1), ir.sub(ys[i], ts[i]))
    end
    local L = b:decl("L", ir.mul(es[1], es[1]))
    for i = 2, n do
        b:assign(L, "+=", ir.mul(es[i], es[i]))
    end
    if mean and n > 1 then
        b:assign(L, "/=", ir.num(n))
    end
    local G
    if want_grad then
        local k = mean and (2 / n) or 2
        G = {}
        for i = 1, n do
            G[i] = { e = ir.mul(ir.num(k), es[i]) }
        end
    end
    return L, G
end

M.by_name = {
    squared_error = {
        formula = "L = sum (y - t)^2, dL/dy = 2 (y - t)",
        lower = function(b, _, ys, ts, want_grad) -- (b, net, ...)
            return squares(b, ys, ts, want_grad, false)
        end,
    },
    mse = {
        formula = "L = sum (y - t)^2 / n, dL/dy = 2 (y - t) / n",
        lower = function(b, _, ys, ts, want_grad) -- (b, net, ...)
            return squares(b, ys, ts, want_grad, true)
        end,
    },
}

M.planned = { softmax_cross_entropy = true }

return M
