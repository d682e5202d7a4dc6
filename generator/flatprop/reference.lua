-- reference: an independent evaluator of a checked network, in double.
-- Takes: the network model from check (net.layers with op, n_in, n_out,
-- w_off, b_off, bias, trainable, slope; net.loss.name) and plain numbers.
-- Gives: outputs, loss, gradient w.r.t. the parameters, and backward (J^T dy
-- and J_x^T dy), computed layer by layer with plain loops.
--
-- It shares nothing with the straight-line lowering (lower, ir, simplify,
-- emit, the ops/ rules) but the parsed description, so the generated code
-- can be checked against it. Each op and each loss of the description
-- format is one entry of M.ops or M.losses, including those the generator
-- does not support yet. Vectors are Lua arrays indexed from 1; parameter
-- offsets from check are 0-based (params[off + 1]).
local M = {}

local exp, log, abs = math.exp, math.log, math.abs

local function sigmoid(z)
    if z >= 0 then
        return 1 / (1 + exp(-z))
    end
    local e = exp(z)
    return e / (1 + e)
end

-- math.tanh is gone from Lua 5.4: tanh(z) = (1 - e^-2|z|) / (1 + e^-2|z|).
local function tanh(z)
    local t = exp(-2 * abs(z))
    local r = (1 - t) / (1 + t)
    return z < 0 and -r or r
end

-- Activations: f(L, z) -> h and df(L, z, h) -> dh/dz. kink: the op has a
-- kink at z = 0 (its derivative jumps there; at exactly 0 the lower branch
-- is taken, as ReLU's mask h > 0 does). clamps: f(z) is exactly 0 for
-- z <= 0. lip(L, z): a bound on |dh/dz| valid in a neighbourhood of z that
-- does not cross a kink (used to bound how far a nudge travels).
M.ops = {
    identity = {
        f = function(_, z) return z end,
        df = function() return 1 end,
        lip = function() return 1 end,
    },
    relu = {
        kink = true,
        clamps = true,
        f = function(_, z) return z > 0 and z or 0 end,
        df = function(_, z) return z > 0 and 1 or 0 end,
        lip = function(_, z) return z > 0 and 1 or 0 end,
    },
    leaky_relu = {
        kink = true,
        f = function(L, z) return z > 0 and z or (L.slope or 0.01) * z end,
        df = function(L, z) return z > 0 and 1 or (L.slope or 0.01) end,
        lip = function(L, z) return z > 0 and 1 or abs(L.slope or 0.01) end,
    },
    sigmoid = {
        f = function(_, z) return sigmoid(z) end,
        df = function(_, _, h) return h * (1 - h) end,
        lip = function() return 0.25 end,
    },
    tanh = {
        f = function(_, z) return tanh(z) end,
        df = function(_, _, h) return 1 - h * h end,
        lip = function() return 1 end,
    },
}

-- Dense: z_o = sum_i W[o][i] x_i (+ b_o), W row-major at w_off.
M.ops.dense = {
    dense = true,
    forward = function(L, p, x)
        local z = {}
        for o = 1, L.n_out do
            local row = L.w_off + (o - 1) * L.n_in
            local s = 0
            for i = 1, L.n_in do
                s = s + p[row + i] * x[i]
            end
            if L.bias then
                s = s + p[L.b_off + o]
            end
            z[o] = s
        end
        return z
    end,
    -- g = dL/dz; adds dL/dW, dL/db into grad (unless frozen); returns dL/dx.
    backward = function(L, p, x, g, grad)
        local gx = {}
        for i = 1, L.n_in do
            gx[i] = 0
        end
        for o = 1, L.n_out do
            local row = L.w_off + (o - 1) * L.n_in
            local d = g[o]
            for i = 1, L.n_in do
                gx[i] = gx[i] + p[row + i] * d
                if L.trainable then
                    grad[row + i] = grad[row + i] + d * x[i]
                end
            end
            if L.bias and L.trainable then
                grad[L.b_off + o] = grad[L.b_off + o] + d
            end
        end
        return gx
    end,
}

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
    local rule = M.ops[L.op]
    if not rule then
        error({ reference = "the reference evaluator has no rule for op '"
            .. tostring(L.op) .. "'" }, 0)
    end
    return rule
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
        if rule.dense then
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
        if rule.dense then
            g = rule.backward(L, params, tr.inp, g, grad)
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
-- (0-based; column nil for a bias).
function M.locate(net, k)
    for _, L in ipairs(net.layers) do
        if L.w_off then
            local nw = L.n_in * L.n_out
            if k >= L.w_off and k < L.w_off + nw then
                local r = k - L.w_off
                return L, "weight", math.floor(r / L.n_in), r % L.n_in
            end
            if L.bias and k >= L.b_off and k < L.b_off + L.n_out then
                return L, "bias", k - L.b_off, nil
            end
        end
    end
    return nil
end

return M
