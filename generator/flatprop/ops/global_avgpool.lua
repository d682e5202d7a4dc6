-- ops/global_avgpool: the mean over every spatial position of each channel,
-- (C, ...) -> (C), as PyTorch's AdaptiveAvgPool(1) followed by a flatten.
-- Takes: a global_avgpool layer. Gives: its op module (see ops/init.lua).
local ir = require("flatprop.ir")
local naming = require("flatprop.naming")
local shape = require("flatprop.shape")

local M = { op = "global_avgpool", kind = "pool" }

M.fields = { "op" }

function M.check(_, c)
    if #c.in_shape < 2 then
        c.fail({}, "global_avgpool takes a shaped input (C, L) or (C, H, W), but its input is "
            .. shape.text(c.in_shape) .. " (a vector)")
    end
    local C = c.in_shape[1]
    return { C = C, P = math.floor(shape.size(c.in_shape) / C), out_shape = { C } }
end

function M.describe(L)
    return "global_avgpool", string.format("%s -> %d", shape.text(L.in_shape), L.C)
end

function M.formula(L, x)
    return string.format("%s = mean over positions of %s", L.var, x)
end

function M.label(L)
    return "global_avgpool\n" .. shape.text(L.in_shape) .. " -> " .. L.C
end

function M.forward(b, L, xs, values)
    local inv = ir.num(1 / L.P)
    if xs.array then
        b:array(L.var, L.C)
        local cb = b:loop("c", 0, L.C)
        local s = cb:decl(naming.temp("s", L.var), ir.num(0))
        local pb = cb:loop("i", 0, L.P)
        pb:assign(s, "+=", ir.idx(xs.array, ir.lin(0, { { "c", L.P }, { "i", 1 } })))
        cb:assign(ir.idx(L.var, ir.var("c")), "=", L.P > 1 and ir.mul(s, inv) or s)
        return values.of_array(L.var, L.C), "loop"
    end
    local ys = {}
    for c = 0, L.C - 1 do
        local s = b:decl(naming.element(L.var, c), xs[c * L.P + 1])
        for p = 2, L.P do
            b:assign(s, "+=", xs[c * L.P + p])
        end
        if L.P > 1 then
            b:assign(s, "*=", inv)
        end
        ys[c + 1] = s
    end
    return ys
end

-- Every position of channel c gets dL/dh_c / P.
function M.backward(b, L, _, _, G, m)
    local inv = ir.num(1 / L.P)
    local values = m.values
    if m.form == "loop" then
        local ga = values.grad_array(b, G, naming.out_grad(L.var))
        local name = naming.temp("g", L.var)
        b:array(name, L.n_in)
        local cb = b:loop("c", 0, L.C)
        local t = cb:decl(naming.temp("t", L.var), L.P > 1 and ir.mul(ir.idx(ga, ir.var("c")), inv)
            or ir.idx(ga, ir.var("c")))
        local pb = cb:loop("i", 0, L.P)
        pb:assign(ir.idx(name, ir.lin(0, { { "c", L.P }, { "i", 1 } })), "=", t)
        return values.grads_of_array(name, L.n_in)
    end
    local G_in = {}
    for c = 0, L.C - 1 do
        local g = G[c + 1]
        local e = g.e
        if L.P > 1 then
            e = g.cond and ir.mul(g.e, inv) or b:decl(naming.temp("t", L.var, c),
                ir.mul(g.e, inv))
        end
        for p = 1, L.P do
            G_in[c * L.P + p] = { e = e, cond = g.cond }
        end
    end
    return G_in
end

-- for the flash model (cost.lua)
function M.features(L, form)
    local passes = L.below and 2 or 1
    if form == "loop" then
        return { pool_loop = passes }
    end
    return { pool_tap = passes * L.n_in }
end

function M.form_of(_, input_is_array)
    return input_is_array and "loop" or "full"
end

M.reference = {}

function M.reference.forward(L, _, x)
    local y = {}
    for c = 1, L.C do
        local s = 0
        for p = 1, L.P do
            s = s + x[(c - 1) * L.P + p]
        end
        y[c] = s / L.P
    end
    return y
end

function M.reference.backward(L, _, _, _, g)
    local gx = {}
    for c = 1, L.C do
        for p = 1, L.P do
            gx[(c - 1) * L.P + p] = g[c] / L.P
        end
    end
    return gx
end

function M.reference.bound(L, p, _, B)
    return M.reference.forward(L, p, B)
end

function M.reference.forced(L, _, _, forced_in)
    if not forced_in then
        return nil
    end
    local nf = {}
    for c = 1, L.C do
        local all = true
        for p = 1, L.P do
            all = all and forced_in[(c - 1) * L.P + p]
        end
        nf[c] = all
    end
    return nf
end

return M
