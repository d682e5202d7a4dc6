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

-- const real x0 = x[0]; ... The list remembers the array it copies
-- (source), so a layer that wants an array can read that one instead.
local function load_vector(b, base, n, stem)
    local vs = { source = base }
    for i = 1, n do
        vs[i] = b:decl(stem .. (i - 1), ir.idx(base, i - 1))
    end
    return vs
end

-- Values between layers are lists of IR expressions, one per element in
-- PyTorch's layout; a list tagged `array = name` holds exactly name[0 ..
-- n-1] of a local array (what loop-shaped layers write and read).
local values = {}
M.values = values

-- The name of an array holding the values xs: xs's own, the pointer they
-- were loaded from, or a new local array `name` they are copied into.
function values.array(b, xs, name)
    if xs.array then
        return xs.array
    elseif xs.source then
        return xs.source
    end
    local a = b:array(name, #xs)
    for i, v in ipairs(xs) do
        b:assign(a(i - 1), "=", v)
    end
    return name
end

-- The values of array `name` (n elements) as a tagged list.
function values.of_array(name, n)
    local vs = { array = name }
    for i = 1, n do
        vs[i] = ir.idx(name, i - 1)
    end
    return vs
end

-- Gradients are lists of { e = expression, cond = mask or nil }, tagged
-- `array = name` when e is exactly name[i - 1] and no mask applies. An
-- array of gradients holds 0 where the mask is off.
function values.grad_array(b, G, name)
    if G.array then
        return G.array
    end
    local a = b:array(name, #G)
    for i, g in ipairs(G) do
        b:assign(a(i - 1), "=", g.cond and ir.sel(g.cond, g.e, ir.num(0)) or g.e)
    end
    return name
end

function values.grads_of_array(name, n)
    local G = { array = name }
    for i = 1, n do
        G[i] = { e = ir.idx(name, i - 1) }
    end
    return G
end

-- An element-wise op runs as a loop over a shaped value that a loop-shaped
-- layer left in an array; everywhere else element by element, so that each
-- mask stays an inlined condition.
local function elementwise_loops(L, xs)
    return xs.array ~= nil and #L.in_shape >= 2
end

local function forward_elementwise(b, L, xs)
    if elementwise_loops(L, xs) then
        local probe = L.rule.forward_elem(L, xs[1])
        if probe == xs[1] then
            return xs -- identity: nothing to compute
        end
        -- an op whose backward needs only its output overwrites its input
        -- (which nothing reads again): one array less on the stack
        local name = L.rule.inplace and xs.array or L.var
        if not L.rule.inplace then
            b:array(name, #xs)
        end
        local lb = b:loop("i", 0, #xs)
        lb:assign(ir.idx(name, ir.var("i")), "=",
            L.rule.forward_elem(L, ir.idx(xs.array, ir.var("i"))))
        return values.of_array(name, #xs), "loop"
    end
    local out = {}
    for i, v in ipairs(xs) do
        local e = L.rule.forward_elem(L, v)
        out[i] = (e == v) and v or b:decl(L.var .. "_" .. (i - 1), e)
    end
    return out
end

-- The gradient at an element-wise layer's input from G at its output.
local function backward_elementwise(b, L, tr, G)
    local xs, hs = tr.inp, tr.out
    if tr.form == "loop" then
        local ga = values.grad_array(b, G, "g" .. L.var .. "o")
        -- the gradient from above is read once, element by element: the
        -- result can take its place
        local name = ga
        local gin = function(j)
            return ir.idx(name, j)
        end
        local i = ir.var("i")
        local lb = b:loop("i", 0, #G)
        local e, cond = L.rule.backward_elem(L, ir.idx(ga, i), ir.idx(xs.array, i),
            ir.idx(hs.array, i))
        lb:assign(gin(i), "=", cond and ir.sel(cond, e, ir.num(0)) or e)
        return values.grads_of_array(name, #G)
    end
    -- element by element; the condition travels on to the layer below,
    -- whose rows it guards
    local G_in = {}
    for k, g in ipairs(G) do
        local e, cond = L.rule.backward_elem(L, g.e, xs[k], hs[k])
        G_in[k] = { e = e, cond = ir.land(g.cond, cond) }
    end
    return G_in
end

-- The forward pass; returns the output values and, per layer, its input
-- and output values (what backward needs).
local function forward(b, net)
    local xs = load_vector(b, "x", net.n_in, "x")
    local trace = {}
    local cur, stem = xs, "x"
    for _, L in ipairs(net.layers) do
        local formula = L.rule.formula and L.rule.formula(L, stem)
            or string.format("%s = %s(%s)", L.var, L.op, stem)
        if L.op ~= "identity" then
            b:comment(title(net, L) .. ", " .. formula)
            stem = L.var
        end
        local out, form
        if L.rule.kind == "activation" then
            out, form = forward_elementwise(b, L, cur)
        else
            out, form = L.rule.forward(b, L, cur, values)
        end
        trace[L.index] = { inp = cur, out = out, form = form }
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

-- Does layer L have parameters that this pass updates?
local function own_update(L, mode)
    return L.tensors ~= nil and L.trainable and mode.update or nil
end

-- The backward pass from G (gradient w.r.t. the network's output).
-- mode.update: "grad" | "sgd" | nil; mode.dx: write dx when not NULL.
local function backward(b, net, trace, G, mode)
    local layers = net.layers
    -- need_input[i]: some layer below i wants the gradient at i's input
    local need_input, below = {}, mode.dx
    for i = 1, #layers do
        need_input[i] = below
        if own_update(layers[i], mode) then
            below = true
        end
    end
    for i = #layers, 1, -1 do
        local L = layers[i]
        local own = own_update(L, mode)
        if not own and not need_input[i] then
            break
        end
        if L.rule.backward_what then
            local masked = G[1] and G[1].cond ~= nil
            b:comment(title(net, L, "backward ") .. ", "
                .. L.rule.backward_what(L, own, need_input[i], masked))
        end
        if L.rule.kind == "activation" then
            G = backward_elementwise(b, L, trace[i], G)
        else
            G = L.rule.backward(b, L, trace[i].inp, trace[i].out, G,
                { update = own, need_input = need_input[i], form = trace[i].form,
                  values = values })
        end
        if not need_input[i] then
            break
        end
    end
    if mode.dx then
        b:comment("input gradient: dx = J_x^T dy")
        local db = b:when({ k = "nonnull", name = "dx" })
        if G.array then
            local lb = db:loop("i", 0, net.n_in)
            lb:assign(ir.idx("dx", ir.var("i")), "=", ir.idx(G.array, ir.var("i")))
        else
            for i = 1, net.n_in do
                local g = G[i]
                local e = g.cond and ir.sel(g.cond, g.e, ir.num(0)) or g.e
                db:assign(ir.idx("dx", i - 1), "=", e)
            end
        end
    end
end

local function fn_forward(net)
    local b = ir.builder()
    local ys = forward(b, net)
    b:comment("outputs")
    if ys.array then
        local lb = b:loop("i", 0, #ys)
        lb:assign(ir.idx("y", ir.var("i")), "=", ir.idx(ys.array, ir.var("i")))
    else
        for i, y in ipairs(ys) do
            b:assign(ir.idx("y", i - 1), "=", y)
        end
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

-- How init fills each tensor: copies of the description's values, zero
-- for a bias, or uniform random values in [-limit, limit) from stream k
-- (the layer's number among those with parameters). He-uniform (limit
-- sqrt(6 / fan_in)) for a layer that feeds a ReLU, Glorot-uniform
-- (sqrt(6 / (fan_in + fan_out))) otherwise.
local function init_plan(net)
    local plan = {}
    for i, L in ipairs(net.layers) do
        if L.tensors then
            local nxt = net.layers[i + 1]
            local he = nxt and (nxt.op == "relu" or nxt.op == "leaky_relu") or false
            for _, T in ipairs(L.tensors) do
                local entry = { layer = L, tensor = T, values = T.values, he = he }
                if not T.bias then
                    entry.limit = he and math.sqrt(6 / T.fan_in)
                        or math.sqrt(6 / (T.fan_in + T.fan_out))
                end
                plan[#plan + 1] = entry
            end
        end
    end
    return plan
end

M.init_plan = init_plan

-- Multiply-adds per sample: forward, and backward as train_step does it.
local function cost(net)
    local fwd, bwd = 0, 0
    local below = false
    local need = {}
    for i, L in ipairs(net.layers) do
        need[i] = below
        if L.tensors and L.trainable then
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

-- The five functions as the rules build them, before simplify.
function M.unsimplified(net)
    local fns = {
        forward = fn_forward(net),
        loss = fn_loss(net),
        gradient = fn_loss_backward(net, "grad"),
        backward = fn_backward(net),
        train_step = fn_loss_backward(net, "sgd"),
    }
    return { fns = fns, init = init_plan(net), cost = cost(net) }
end

-- The same, each body simplified (compile.lua runs the two as stages).
function M.lower(net)
    local lowered = M.unsimplified(net)
    for name, body in pairs(lowered.fns) do
        lowered.fns[name] = simplify.simplify(body)
    end
    return lowered
end

return M
