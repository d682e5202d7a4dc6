-- check_points: the points at which a generated check program tests a network.
-- Takes: the network model and the scalar type. Gives: deterministic
-- pseudo-random points (parameters, input, target, dy, all exact in the
-- scalar type) with the reference evaluator's values there, and for each
-- parameter and input whether its finite difference is skipped.
--
-- Kinks (ReLU, leaky ReLU) are kept away from in two ways. (1) A point is
-- drawn again until every kink input is at least `margin` away from 0 (an
-- exact 0 that a dead ReLU upstream forces is allowed: it stays 0 in every
-- precision and under every nudge), so float and double agree on every mask.
-- (2) For the finite differences, a nudge of size m entering at some value
-- can change a later kink input z by at most m * B, where B is the product
-- of |weights| and the activations' slope bounds along the way (exact for
-- ReLU masks that do not flip, a Lipschitz bound for smooth ops). An entry
-- is skipped when 2 m B >= |z| for any kink input downstream: its nudge
-- might flip a mask. Everything else is checked.
local reference = require("flatprop.reference")
local C = require("flatprop.C")
local scalar = require("flatprop.scalar")

local M = {}

M.count = 3


M.attempts = 40

-- A Lehmer generator: exact in doubles, so the same on every Lua.
local function lehmer(seed)
    local state = seed % 2147483647
    if state == 0 then
        state = 1
    end
    return function()
        state = (state * 48271) % 2147483647
        return state / 2147483647
    end
end

local function quantize(v, step)
    return math.floor(v / step + 0.5) * step
end

local function draw(net, ty, rand)
    local p = {}
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            if T.bias then
                for o = 1, T.size do
                    p[T.off + o] = C.round(quantize(rand() - 0.5, 2 ^ -10), ty)
                end
            else
                local limit = math.sqrt(6 / T.fan_in)
                for k = 1, T.size do
                    p[T.off + k] = C.round(quantize((2 * rand() - 1) * limit, 2 ^ -10), ty)
                end
            end
        end
    end
    local x, dy = {}, {}
    for i = 1, net.n_in do
        local v = quantize(2 * rand() - 1, 2 ^ -8)
        x[i] = (v == 0) and 2 ^ -8 or v
    end
    local target = reference.loss_rule(net).target(rand, net.n_out)
    for i = 1, net.n_out do
        target[i] = C.round(target[i], ty)
        dy[i] = quantize(2 * rand() - 1, 2 ^ -8)
    end
    return { params = p, x = x, target = target, dy = dy }
end

-- Kinks are where an op's derivative jumps: an activation's input at 0
-- (ReLU, leaky ReLU), and a max pool's window where the first maximum would
-- change. An op's reference table lists its kink sites as { gap, B }: the
-- distance to the kink and how fast a change bounded by B (per input
-- element) closes it. A value forced to an exact 0 (behind a dead ReLU) stays
-- 0 under every nudge, so it makes no kink.

-- forced[k]: element k of the layer's output is an exact 0 whatever the
-- nudge, given forced_in for its input (nil: nothing is).
local function forced_out(L, rule, tr, forced_in)
    if rule.forced then
        return rule.forced(L, tr.inp, tr.out, forced_in)
    end
    if not rule.f then
        return nil -- a layer with parameters mixes everything
    end
    local nf = {}
    for k, z in ipairs(tr.inp) do
        local f = forced_in and forced_in[k]
        nf[k] = (rule.clamps and z <= 0) or (f and rule.f(L, 0) == 0) or false
    end
    return nf
end

-- Calls site(gap, b) for every kink of layer L, b the factor by which a
-- unit change of every input element moves it (B, per input element).
local function kink_sites(L, rule, tr, forced_in, B, site)
    if rule.kinks then
        rule.kinks(L, tr.inp, tr.out, forced_in, B, site)
    elseif rule.kink then
        for k, z in ipairs(tr.inp) do
            local f = forced_in and forced_in[k]
            if not (f and z == 0) then
                site(math.abs(z), B and B[k] or 1)
            end
        end
    end
end

-- The smallest distance to a kink that a nudge could cross.
local function margin(net, trace)
    local m = math.huge
    local forced = nil
    for i, L in ipairs(net.layers) do
        local rule = reference.rule_of(L.op)
        kink_sites(L, rule, trace[i], forced, nil, function(gap)
            m = math.min(m, gap)
        end)
        forced = forced_out(L, rule, trace[i], forced)
    end
    return m
end

-- The smallest gap / (change) over kinks from layer `first` on, for a
-- change of the input of layer `first` bounded by B0 (math.huge if none).
local function headroom(net, params, trace, first, B0)
    local B = B0
    local r = math.huge
    local forced = nil
    for i = first, #net.layers do
        local L = net.layers[i]
        local rule = reference.rule_of(L.op)
        local tr = trace[i]
        kink_sites(L, rule, tr, forced, B, function(gap, b)
            if b > 0 then
                r = math.min(r, gap / b)
            end
        end)
        local nb
        if rule.bound then
            nb = rule.bound(L, params, tr.inp, B)
        else
            nb = {}
            for k = 1, #tr.inp do
                nb[k] = B[k] * rule.lip(L, tr.inp[k])
            end
        end
        forced = forced_out(L, rule, tr, forced)
        B = nb
    end
    return r
end

local function unit(n, k)
    local B = {}
    for i = 1, n do
        B[i] = 0
    end
    B[k] = 1
    return B
end

-- Which finite differences to skip: sets of 0-based parameter and input
-- indices, and how many of each. A parameter of output channel o of a layer
-- moves that channel's outputs by at most its nudge times the largest
-- input it multiplies (reference.channel_params); its difference is
-- skipped when that could reach a kink downstream.
function M.skips(net, pt, trace, h)
    local step = 2 * 1.01 * h -- 2: safety factor; 1.01: rounding of p +- h
    local skip_p, skip_x, np, nx = {}, {}, 0, 0
    local layers = net.layers
    for j, L in ipairs(layers) do
        if L.tensors and j < #layers then
            local rule = reference.rule_of(L.op)
            for o = 1, rule.channels(L) do
                local r = headroom(net, pt.params, trace, j + 1, rule.channel_out(L, o))
                if r < math.huge then
                    for _, e in ipairs(rule.channel_params(L, o, trace[j].inp)) do
                        if step * e[2] >= r then
                            skip_p[e[1]] = true
                            np = np + 1
                        end
                    end
                end
            end
        end
    end
    for i = 1, net.n_in do
        if step >= headroom(net, pt.params, trace, 1, unit(net.n_in, i)) then
            skip_x[i - 1] = true
            nx = nx + 1
        end
    end
    return skip_p, skip_x, np, nx
end

local function all_finite(t)
    for _, v in ipairs(t) do
        if not C.fits(v, scalar.double) then
            return false
        end
    end
    return true
end

-- The check points of a network for scalar type ty.
function M.choose(net, ty, count)
    local tol = scalar.of(ty).tolerances
    local points = {}
    for k = 1, count or M.count do
        local rand = lehmer(20261129 + 7919 * k)
        local best, best_m, best_trace
        for _ = 1, M.attempts do
            local pt = draw(net, ty, rand)
            local _, trace = reference.forward(net, pt.params, pt.x)
            local m = margin(net, trace)
            if not best or m > best_m then
                best, best_m, best_trace = pt, m, trace
            end
            if m >= tol.margin then
                break
            end
        end
        local pt = best
        pt.margin = best_m
        pt.loss, pt.grad, pt.y = reference.gradient(net, pt.params, pt.x, pt.target)
        pt.bgrad, pt.dx = reference.backward(net, pt.params, pt.x, pt.dy)
        for _, v in ipairs({ pt.grad, pt.y, pt.bgrad, pt.dx, { pt.loss } }) do
            if not all_finite(v) then
                error({ reference = "the reference values at check point " .. k
                    .. " are not finite" }, 0)
            end
        end
        pt.skip_p, pt.skip_x, pt.n_skip_p, pt.n_skip_x = M.skips(net, pt, best_trace, tol.h)
        points[k] = pt
    end
    return points
end

return M
