-- losses: the loss functions at the end of a network.
-- Takes: the network's outputs and targets. Gives: statements for the loss
-- value and for its gradient w.r.t. the outputs.
local ir = require("flatprop.ir")
local mathfn = require("flatprop.mathfn")

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

-- Softmax cross-entropy, stable: with m = max y, e_i = exp(y_i - m) <= 1 and
-- S = sum e_i >= 1, log softmax(y)_i = (y_i - m) - log S, so
-- L = sum t_i ((m - y_i) + log S) and dL/dy_i = T e_i / S - t_i, T = sum t_i
-- (T = 1 for one-hot or soft targets that sum to 1).
local function softmax_ce(b, net, ys, ts, want_grad)
    local n = #ys
    local m = b:decl("m", ys[1])
    for i = 2, n do
        b:assign(m, "=", ir.sel(ir.gt(ys[i], m), ys[i], m))
    end
    local es = {}
    for i = 1, n do
        es[i] = b:decl("e" .. (i - 1), mathfn.call(net.type, "exp", ir.sub(ys[i], m)))
    end
    local S = b:decl("S", es[1])
    for i = 2, n do
        b:assign(S, "+=", es[i])
    end
    local lse = b:decl("logS", mathfn.call(net.type, "log", S))
    local L = b:decl("L", ir.mul(ts[1], ir.add(ir.sub(m, ys[1]), lse)))
    for i = 2, n do
        b:assign(L, "+=", ir.mul(ts[i], ir.add(ir.sub(m, ys[i]), lse)))
    end
    local G
    if want_grad then
        local T = b:decl("T", ts[1])
        for i = 2, n do
            b:assign(T, "+=", ts[i])
        end
        local k = b:decl("k", ir.div(T, S))
        G = {}
        for i = 1, n do
            G[i] = { e = ir.sub(ir.mul(es[i], k), ts[i]) }
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

M.by_name.softmax_cross_entropy = {
    formula = "L = -sum t log softmax(y) (max subtracted), dL/dy = sum(t) softmax(y) - t",
    min_outputs = 2,
    -- an error message when the network cannot use this loss, else nil
    check = function(net)
        if net.n_out < 2 then
            return "loss 'softmax_cross_entropy' needs at least 2 outputs, the network has "
                .. net.n_out .. " (use sigmoid with squared_error or mse for one output)"
        end
    end,
    lower = softmax_ce,
}


return M
