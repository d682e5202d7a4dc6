-- reference: an independent evaluator of a checked network, in double.
-- Takes: the network model from check and plain numbers. Gives: outputs,
-- loss, gradient w.r.t. the parameters, and backward (J^T dy and J_x^T dy),
-- computed layer by layer with plain loops.
--
-- Each op's math is its module's `reference` table (ops/*.lua), written as
-- plain loops beside, but sharing nothing with, the op's lowering rules
-- (lower, ir, simplify, emit): the generated code can be checked against it.
-- The losses are here. Vectors are Lua arrays indexed from 1, in PyTorch's
-- layout; parameter offsets from check are 0-based (params[off + 1]).
local ops = require("flatprop.ops")

local M = {}

local exp, log = math.exp, math.log

-- The reference rules of op `name` (ops/<name>.lua: reference).
local function rule_of(name)
    local rule = ops.by_name[name]
    if not (rule and rule.reference) then
        error({ reference = "the reference evaluator has no rule for op '"
            .. tostring(name) .. "'" }, 0)
    end
    return rule.reference
end
M.rule_of = rule_of

-- Every op's reference rules by name (reference.ops.relu.f, ...).
M.ops = {}
for name, rule in pairs(ops.by_name) do
    M.ops[name] = rule.reference
end

local function squares(y, t, scale)
    local L, g = 0, {}
    for i = 1, #y do
        local e = y[i] - t[i]
        L = L + e * e
        g[i] = 2 * scale * e
    end
    return L * scale, g
end

-- Losses: eval(y, t) -> L, dL/dy. target(rand, n): a target for random
-- check points (rand() uniform in [0, 1)).
M.losses = {
    squared_error = {
        eval = function(y, t) return squares(y, t, 1) end,
        target = function(rand, n)
            local t = {}
            for i = 1, n do
                t[i] = 2 * rand() - 1
            end
            return t
        end,
    },
    mse = {
        eval = function(y, t) return squares(y, t, 1 / #y) end,
    },
    -- L = -sum t_i log softmax(y)_i with the maximum subtracted first;
    -- dL/dy_i = softmax(y)_i * sum(t) - t_i.
    softmax_cross_entropy = {
        eval = function(y, t)
            local m = y[1]
            for i = 2, #y do
                if y[i] > m then
                    m = y[i]
                end
            end
            local s = 0
            for i = 1, #y do
                s = s + exp(y[i] - m)
            end
            local lse = log(s)
            local L, tsum = 0, 0
            for i = 1, #y do
                L = L - t[i] * (y[i] - m - lse)
                tsum = tsum + t[i]
            end
            local g = {}
            for i = 1, #y do
                g[i] = exp(y[i] - m - lse) * tsum - t[i]
            end
            return L, g
        end,
        target = function(rand, n)
            local t, s = {}, 0
            for i = 1, n do
                t[i] = 0.05 + rand()
                s = s + t[i]
            end
            for i = 1, n do
                t[i] = t[i] / s
            end
            return t
        end,
    },
}
M.losses.mse.target = M.losses.squared_error.target

local function op_of(L)
    return rule_of(L.op)
end

function M.loss_rule(net)
    local rule = M.losses[net.loss.name]
    if not rule then
        error({ reference = "the reference evaluator has no rule for loss '"
            .. tostring(net.loss.name) .. "'" }, 0)
    end
    return rule
end

-- Forward pass. Returns y and the trace: trace[i] = { inp, out } per layer.
function M.forward(net, params, x)
    local trace, cur = {}, x
    for i, L in ipairs(net.layers) do
        local rule = op_of(L)
        local out
        if rule.forward then
            out = rule.forward(L, params, cur)
        else
            out = {}
            for k = 1, #cur do
                out[k] = rule.f(L, cur[k])
            end
        end
        trace[i] = { inp = cur, out = out }
        cur = out
    end
    return cur, trace
end

function M.loss(net, y, t)
    local L = M.loss_rule(net).eval(y, t)
    return L
end

-- Backward from dL/dy = g through a forward trace: adds into grad (an array
-- of n_params numbers; frozen layers' entries untouched) and returns dL/dx.
local function back(net, params, trace, g, grad)
    for i = #net.layers, 1, -1 do
        local L = net.layers[i]
        local rule = op_of(L)
        local tr = trace[i]
        if rule.backward then
            g = rule.backward(L, params, tr.inp, tr.out, g, grad)
        else
            local gi = {}
            for k = 1, #g do
                gi[k] = g[k] * rule.df(L, tr.inp[k], tr.out[k])
            end
            g = gi
        end
    end
    return g
end

local function zeros(n)
    local t = {}
    for i = 1, n do
        t[i] = 0
    end
    return t
end

-- L, dL/dparams (frozen entries 0) and y.
function M.gradient(net, params, x, t)
    local y, trace = M.forward(net, params, x)
    local L, g = M.loss_rule(net).eval(y, t)
    local grad = zeros(net.n_params)
    back(net, params, trace, g, grad)
    return L, grad, y
end

-- J^T dy (frozen entries 0), J_x^T dy and y.
function M.backward(net, params, x, dy)
    local y, trace = M.forward(net, params, x)
    local grad = zeros(net.n_params)
    local dx = back(net, params, trace, dy, grad)
    return grad, dx, y
end

-- Where parameter k (0-based) lives: layer, "weight" or "bias", row, column
-- (0-based; column nil for a bias). A tensor of more than two dimensions
-- is read as rows of its first dimension (conv: [out][in/groups * k]).
function M.locate(net, k)
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            if k >= T.off and k < T.off + T.size then
                local r = k - T.off
                if T.bias then
                    return L, "bias", r, nil
                end
                return L, "weight", math.floor(r / T.cols), r % T.cols
            end
        end
    end
    return nil
end

return M
