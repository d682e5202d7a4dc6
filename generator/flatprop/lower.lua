-- lower: turn the network model into straight-line scalar programs.
-- Takes: the model from check. Gives: one statement list per generated
-- function (forward, loss, gradient, backward, train_step), the init plan,
-- and the network's cost.
--
-- Each API function is lowered on its own, asking the per-op rules for
-- exactly the work it needs: forward only writes y; gradient adds into
-- grad; train_step updates the parameters in place with no gradient buffer;
-- backward starts from the caller's dy and also yields dx.
local ir = require("flatprop.ir")
local simplify = require("flatprop.simplify")

local M = {}

-- "dense1 (seed.lua:5): 2 -> 3": what a layer is and where it was written.
local function title(net, L, prefix)
    local name, details = L.rule.describe(L)
    local at = L.line and string.format(" (%s:%d)", net.file, L.line) or ""
    return (prefix or "") .. name .. at .. ": " .. details
end

-- const real x0 = x[0]; ...
local function load_vector(b, base, n, stem)
    local vs = {}
    for i = 1, n do
        vs[i] = b:decl(stem .. (i - 1), ir.idx(base, i - 1))
    end
    return vs
end

-- The forward pass; returns the output values and, per layer, its input
-- and output values (what backward needs).
local function forward(b, net)
    local xs = load_vector(b, "x", net.n_in, "x")
    local trace = {}
    local cur, stem = xs, "x"
    for _, L in ipairs(net.layers) do
        local formula = L.rule.kind == "dense"
            and string.format("%s = W%d %s%s", L.var, L.dense_index, stem,
                L.bias and (" + b" .. L.dense_index) or "")
            or string.format("%s = %s(%s)", L.var, L.op, stem)
        if L.op ~= "identity" then
            b:comment(title(net, L) .. ", " .. formula)
            stem = L.var
        end
        local out
        if L.rule.kind == "activation" then
            out = {}
            for i, v in ipairs(cur) do
                local e = L.rule.forward_elem(L, v)
                out[i] = (e == v) and v or b:decl(L.var .. "_" .. (i - 1), e)
            end
        else
            out = L.rule.forward(b, L, cur)
        end
        trace[L.index] = { inp = cur, out = out }
        cur = out
    end
    return cur, trace
end

local function loss(b, net, ys, want_grad)
    local at = net.loss.line and string.format(" (%s:%d)", net.file, net.loss.line) or ""
    b:comment(string.format("loss %s%s: %s", net.loss.name, at, net.loss.rule.formula))
    local ts = load_vector(b, "target", net.n_out, "t")
    return net.loss.rule.lower(b, net, ys, ts, want_grad)
end

-- The backward pass from G (gradient w.r.t. the network's output).
-- mode.update: "grad" | "sgd" | nil; mode.dx: write dx when not NULL.
local function backward(b, net, trace, G, mode)
    local layers = net.layers
    -- need_input[i]: some layer below i wants the gradient at i's input
    local need_input, below = {}, mode.dx
    for i = 1, #layers do
        need_input[i] = below
        local L = layers[i]
        if L.rule.kind == "dense" and L.trainable and mode.update then
            below = true
        end
    end
    for i = #layers, 1, -1 do
        local L = layers[i]
        local own = L.rule.kind == "dense" and L.trainable and mode.update
        if not own and not need_input[i] then
            break
        end
        if L.rule.kind == "dense" then
            local what
            do
                local parts = {}
                if own == "grad" then
                    parts[#parts + 1] = "grad += dL/dW" .. L.dense_index
                elseif own == "sgd" then
                    parts[#parts + 1] = "W" .. L.dense_index .. " -= lr dL/dW" .. L.dense_index
                end
                if need_input[i] then
                    parts[#parts + 1] = "input gradient W^T d"
                end
                what = table.concat(parts, ", ")
            end
            local masked = G[1] and G[1].cond and ", rows of dead ReLU neurons skipped" or ""
            b:comment(title(net, L, "backward ") .. ", " .. what .. masked)
        end
        if L.rule.kind == "activation" then
            -- element by element; the condition travels on to the dense
            -- layer below, whose rows it guards
            local xs, hs, G_in = trace[i].inp, trace[i].out, {}
            for k, g in ipairs(G) do
                local e, cond = L.rule.backward_elem(L, g.e, xs[k], hs[k])
                G_in[k] = { e = e, cond = ir.land(g.cond, cond) }
            end
            G = G_in
        else
            G = L.rule.backward(b, L, trace[i].inp, trace[i].out, G,
                { update = mode.update, need_input = need_input[i] })
        end
        if not need_input[i] then
            break
        end
    end
    if mode.dx then
        b:comment("input gradient: dx = J_x^T dy")
        local db = b:when({ k = "nonnull", name = "dx" })
        for i = 1, net.n_in do
            local g = G[i]
            local e = g.cond and ir.sel(g.cond, g.e, ir.num(0)) or g.e
            db:assign(ir.idx("dx", i - 1), "=", e)
        end
    end
end

local function fn_forward(net)
    local b = ir.builder()
    local ys = forward(b, net)
    b:comment("outputs")
    for i, y in ipairs(ys) do
        b:assign(ir.idx("y", i - 1), "=", y)
    end
    return b.body
end

local function fn_loss(net)
    local b = ir.builder()
    local ys = load_vector(b, "y", net.n_out, "y")
    local L = loss(b, net, ys, false)
    b:ret(L)
    return b.body
end

-- forward, loss, backward from the loss: gradient ("grad": add into grad)
-- and train_step ("sgd": update the parameters in place) differ only there.
local function fn_loss_backward(net, update)
    local b = ir.builder()
    local ys, trace = forward(b, net)
    b:fence()
    local L, G = loss(b, net, ys, true)
    backward(b, net, trace, G, { update = update })
    b:ret(L)
    return b.body
end

local function fn_backward(net)
    local b = ir.builder()
    local _, trace = forward(b, net)
    b:fence()
    b:comment("output gradient from the caller")
    local dys = load_vector(b, "dy", net.n_out, "dy")
    local G = {}
    for i, d in ipairs(dys) do
        G[i] = { e = d }
    end
    backward(b, net, trace, G, { update = "grad", dx = true })
    return b.body
end

-- How init fills each layer: copies of the description's values, or
-- uniform random values in [-limit, limit) from stream `dense_index`.
-- He-uniform (limit sqrt(6 / fan_in)) for a layer that feeds a ReLU,
-- Glorot-uniform (sqrt(6 / (fan_in + fan_out))) otherwise.
local function init_plan(net)
    local plan = {}
    for i, L in ipairs(net.layers) do
        if L.rule.kind == "dense" then
            local nxt = net.layers[i + 1]
            local he = nxt and (nxt.op == "relu" or nxt.op == "leaky_relu")
            local limit = he and math.sqrt(6 / L.n_in) or math.sqrt(6 / (L.n_in + L.n_out))
            local entry = { layer = L, he = he, limit = limit }
            if L.weights then
                local flat = {}
                for _, row in ipairs(L.weights) do
                    for _, v in ipairs(row) do
                        flat[#flat + 1] = v
                    end
                end
                entry.weights = flat
            end
            entry.biases = L.biases
            plan[#plan + 1] = entry
        end
    end
    return plan
end

-- Multiply-adds per sample: forward, and backward as train_step does it.
local function cost(net)
    local fwd, bwd = 0, 0
    local below = false
    local need = {}
    for i, L in ipairs(net.layers) do
        need[i] = below
        if L.rule.kind == "dense" and L.trainable then
            below = true
        end
    end
    for i, L in ipairs(net.layers) do
        if L.rule.cost then
            local f, bk = L.rule.cost(L, need[i])
            fwd, bwd = fwd + f, bwd + bk
        end
    end
    return { forward_macs = fwd, backward_macs = bwd }
end

function M.lower(net)
    local fns = {
        forward = fn_forward(net),
        loss = fn_loss(net),
        gradient = fn_loss_backward(net, "grad"),
        backward = fn_backward(net),
        train_step = fn_loss_backward(net, "sgd"),
    }
    for name, body in pairs(fns) do
        fns[name] = simplify.simplify(body)
    end
    return { fns = fns, init = init_plan(net), cost = cost(net) }
end

return M
