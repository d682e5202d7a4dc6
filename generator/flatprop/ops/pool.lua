-- ops/pool: max and average pooling, exactly PyTorch's MaxPool/AvgPool
-- 1d/2d in floor mode.
-- Takes: a maxpool1d, maxpool2d, avgpool1d or avgpool2d layer. Gives: the
-- op module for it (see ops/init.lua).
--
-- As for convolutions a 1-D pool is a 2-D one of height 1. Max pooling pads
-- with -inf: taps in the padding are simply not emitted (padding is at most
-- half the kernel, so every window holds a real element). Its backward
-- sends each output's gradient to the window's first maximum in row-major
-- order, as PyTorch does, recorded in forward as the winner's index.
-- Average pooling divides by the kernel size (count_include_pad, PyTorch's
-- default) or by the number of real elements in the window.
--
-- Shapes: element by element with constant indices ("full"), or, when the
-- input is an array from a loop-shaped layer and there is no padding, a loop
-- over the outputs with the window unrolled ("loop").
local common = require("flatprop.ops.common")
local ir = require("flatprop.ir")
local naming = require("flatprop.naming")
local shape = require("flatprop.shape")
local util = require("flatprop.util")

local M = {}

local DIM_NAMES = { "height", "width" }

-- A non-negative (zero_ok) or positive integer per spatial dimension.
local function per_dim(t, field, default, ndim, c, zero_ok)
    local v = t[field]
    if v == nil then
        v = default
    end
    local least = zero_ok and 0 or 1
    local function one(x, sub)
        if not util.is_int(x) or x < least then
            c.fail(sub, string.format("%s must be a %s integer%s, got %s", field,
                zero_ok and "non-negative" or "positive",
                ndim > 1 and " or a list of " .. ndim or "", util.show(x)))
        end
        return x
    end
    if type(v) ~= "table" then
        local x = one(v, { field })
        local out = {}
        for d = 1, ndim do
            out[d] = x
        end
        return out
    end
    local n = util.array_len(v)
    if n ~= ndim then
        c.fail({ field }, string.format("%s has %s, expected one per spatial dimension (%d)",
            field, n and (n .. (n == 1 and " entry" or " entries")) or util.show(v), ndim))
    end
    local out = {}
    for d = 1, ndim do
        out[d] = one(v[d], { field, d })
    end
    return out
end

-- The valid taps of output (c, y, x): input indices (0-based), in row-major
-- window order, and how many taps the window has with its padding.
local function taps(L, c, y, x)
    local list = {}
    for ky = 0, L.kh - 1 do
        local iy = y * L.sh + ky - L.pt
        if iy >= 0 and iy < L.H then
            for kx = 0, L.kw - 1 do
                local ix = x * L.sw + kx - L.pl
                if ix >= 0 and ix < L.W then
                    list[#list + 1] = (c * L.H + iy) * L.W + ix
                end
            end
        end
    end
    return list
end
M.taps = taps

-- Calls f(n, list) for every output (1-based n) with its valid taps.
local function each_window(L, f)
    for c = 0, L.C - 1 do
        for y = 0, L.Ho - 1 do
            for x = 0, L.Wo - 1 do
                f((c * L.Ho + y) * L.Wo + x + 1, taps(L, c, y, x))
            end
        end
    end
end

local function divisor(L, list)
    if L.max or not L.count_include_pad then
        return #list
    end
    return L.kh * L.kw
end

-- The loop shape needs an array input and no padding.
local function loops(L, xs)
    return xs.array ~= nil and L.pt == 0 and L.pl == 0
end

---------------------------------------------------------------------------
-- Lowering

local function forward_full(b, L, xs)
    local ys = {}
    each_window(L, function(n, list)
        local name = naming.element(L.var, n - 1)
        if L.max then
            local m = b:decl(name, xs[list[1] + 1])
            if #list > 1 then
                local a = b:idecl(naming.temp("i", name), ir.int(list[1]))
                for j = 2, #list do
                    local v = xs[list[j] + 1]
                    b:assign(a, "=", ir.sel(ir.gt(v, m), ir.int(list[j]), a))
                    b:assign(m, "=", ir.sel(ir.gt(v, m), v, m))
                end
            end
            ys[n] = m
        else
            local s = b:decl(name, xs[list[1] + 1])
            for j = 2, #list do
                b:assign(s, "+=", xs[list[j] + 1])
            end
            local div = divisor(L, list)
            if div > 1 then
                b:assign(s, "*=", ir.num(1 / div))
            end
            ys[n] = s
        end
    end)
    return ys
end

-- The loop over outputs (c, y, x) with its input window's first index.
local function output_loops(b, L)
    local cb = b:loop("c", 0, L.C)
    local nest = cb
    local ti, to = { { "c", L.H * L.W } }, { { "c", L.Ho * L.Wo } }
    if L.Ho > 1 then
        nest = nest:loop("py", 0, L.Ho)
        ti[#ti + 1] = { "py", L.sh * L.W }
        to[#to + 1] = { "py", L.Wo }
    end
    if L.Wo > 1 then
        nest = nest:loop("px", 0, L.Wo)
        ti[#ti + 1] = { "px", L.sw }
        to[#to + 1] = { "px", 1 }
    end
    return nest, ti, ir.lin(0, to)
end

-- Window offsets (row-major) from its first element.
local function offsets(L)
    local list = {}
    for ky = 0, L.kh - 1 do
        for kx = 0, L.kw - 1 do
            list[#list + 1] = ky * L.W + kx
        end
    end
    return list
end

local function forward_loop(b, L, xs, values)
    local a = xs.array
    b:array(L.var, L.n_out)
    if L.max then
        b:array(naming.temp("i", L.var), L.n_out, true)
    end
    local nest, ti, out = output_loops(b, L)
    local offs = offsets(L)
    local v = nest:decl(naming.temp("v", L.var), ir.idx(a, ir.lin(0, ti)))
    if L.max and #offs > 1 then
        local ai = nest:idecl(naming.temp("a", L.var), ir.lin(0, ti))
        for j = 2, #offs do
            local e = ir.idx(a, ir.lin(offs[j], ti))
            nest:assign(ai, "=", ir.sel(ir.gt(e, v), ir.lin(offs[j], ti), ai))
            nest:assign(v, "=", ir.sel(ir.gt(e, v), e, v))
        end
        nest:assign(ir.idx(naming.temp("i", L.var), out), "=", ai)
    elseif L.max then
        nest:assign(ir.idx(naming.temp("i", L.var), out), "=", ir.lin(0, ti))
    else
        for j = 2, #offs do
            nest:assign(v, "+=", ir.idx(a, ir.lin(offs[j], ti)))
        end
        if #offs > 1 then
            nest:assign(v, "*=", ir.num(1 / #offs))
        end
    end
    nest:assign(ir.idx(L.var, out), "=", v)
    return values.of_array(L.var, L.n_out), "loop"
end

local function backward_full(L, G)
    -- every window an input element belongs to, with its share
    local parts = {}
    each_window(L, function(n, list)
        local g = G[n]
        if not (g.e.k == "num" and g.e.v == 0) then
            local div = divisor(L, list)
            for _, i in ipairs(list) do
                local share = { n = n, g = g, single = #list == 1 }
                if not L.max then
                    share.e = div > 1 and ir.mul(g.e, ir.num(1 / div)) or g.e
                end
                parts[i + 1] = parts[i + 1] or {}
                table.insert(parts[i + 1], share)
            end
        end
    end)
    local G_in = {}
    for i = 1, L.n_in do
        local list = parts[i]
        if not list then
            G_in[i] = { e = ir.num(0) }
        else
            local terms = {}
            for _, share in ipairs(list) do
                local e, cond
                if L.max then
                    e = share.g.e
                    if not share.single then
                        cond = ir.eq(ir.var(naming.temp("i", L.var, share.n - 1)), ir.int(i - 1))
                    end
                    cond = ir.land(share.g.cond, cond)
                else
                    e, cond = share.e, share.g.cond
                end
                terms[#terms + 1] = { e = e, cond = cond }
            end
            if #terms == 1 then
                G_in[i] = terms[1]
            else
                local sum
                for _, t in ipairs(terms) do
                    local v = t.cond and ir.sel(t.cond, t.e, ir.num(0)) or t.e
                    sum = sum and ir.add(sum, v) or v
                end
                G_in[i] = { e = sum }
            end
        end
    end
    return G_in
end

local function backward_loop(b, L, G, values)
    local gout = values.grad_array(b, G, naming.out_grad(L.var))
    local name = naming.temp("g", L.var)
    b:array(name, L.n_in)
    common.zero(b, name, L.n_in)
    if L.max then
        local lb = b:loop("i", 0, L.n_out)
        local i = ir.var("i")
        lb:assign(ir.idx(name, ir.idx(naming.temp("i", L.var), i)), "+=", ir.idx(gout, i))
    else
        local nest, ti, out = output_loops(b, L)
        local offs = offsets(L)
        local t = nest:decl(naming.temp("t", L.var), #offs > 1
            and ir.mul(ir.idx(gout, out), ir.num(1 / #offs)) or ir.idx(gout, out))
        for _, off in ipairs(offs) do
            nest:assign(ir.idx(name, ir.lin(off, ti)), "+=", t)
        end
    end
    return values.grads_of_array(name, L.n_in)
end

---------------------------------------------------------------------------
-- Reference math

local reference = {}

function reference.forward(L, _, x)
    local y = {}
    each_window(L, function(n, list)
        if L.max then
            local m = x[list[1] + 1]
            for j = 2, #list do
                if x[list[j] + 1] > m then
                    m = x[list[j] + 1]
                end
            end
            y[n] = m
        else
            local s = 0
            for _, i in ipairs(list) do
                s = s + x[i + 1]
            end
            y[n] = s / divisor(L, list)
        end
    end)
    return y
end

-- The first maximum of a window (a 0-based input index).
local function winner(x, list)
    local w = list[1]
    for j = 2, #list do
        if x[list[j] + 1] > x[w + 1] then
            w = list[j]
        end
    end
    return w
end

function reference.backward(L, _, x, _, g)
    local gx = {}
    for i = 1, L.n_in do
        gx[i] = 0
    end
    each_window(L, function(n, list)
        if L.max then
            local w = winner(x, list) + 1
            gx[w] = gx[w] + g[n]
        else
            local div = divisor(L, list)
            for _, i in ipairs(list) do
                gx[i + 1] = gx[i + 1] + g[n] / div
            end
        end
    end)
    return gx
end

function reference.bound(L, _, _, B)
    local nb = {}
    each_window(L, function(n, list)
        local v = 0
        for _, i in ipairs(list) do
            if L.max then
                v = math.max(v, B[i + 1])
            else
                v = v + B[i + 1]
            end
        end
        nb[n] = L.max and v or v / divisor(L, list)
    end)
    return nb
end

function reference.forced(L, _, _, forced_in)
    if not forced_in then
        return nil
    end
    local nf = {}
    each_window(L, function(n, list)
        local all = true
        for _, i in ipairs(list) do
            all = all and forced_in[i + 1]
        end
        nf[n] = all
    end)
    return nf
end

-- A max pool's kinks: where the window's first maximum would change.
function reference.kinks(L, x, _, forced_in, B, site)
    if not L.max then
        return
    end
    each_window(L, function(_, list)
        local w = winner(x, list)
        for _, i in ipairs(list) do
            if i ~= w and not (forced_in and forced_in[w + 1] and forced_in[i + 1]) then
                site(x[w + 1] - x[i + 1], B and (B[w + 1] + B[i + 1]) or 1)
            end
        end
    end)
end

---------------------------------------------------------------------------

-- Build the module for kind "max" or "avg" and 1 or 2 spatial dimensions.
function M.make(kind, ndim)
    local op = kind .. "pool" .. ndim .. "d"
    local R = { op = op, kind = "pool" }
    R.fields = { "op", "kernel", "stride", "padding" }
    if kind == "avg" then
        R.fields[#R.fields + 1] = "count_include_pad"
    end

    function R.check(t, c)
        local ins = c.in_shape
        if #ins ~= ndim + 1 then
            c.fail({}, string.format("%s takes a %s input, but its input is %s%s", op,
                ndim == 1 and "(C, L)" or "(C, H, W)", shape.text(ins),
                #ins == 1 and " (a vector)" or ""))
        end
        if t.kernel == nil then
            c.fail({}, "missing field 'kernel' (the window size)")
        end
        local kernel = per_dim(t, "kernel", nil, ndim, c)
        local stride = per_dim(t, "stride", kernel, ndim, c)
        local pad = per_dim(t, "padding", 0, ndim, c, true)
        local sizes = shape.spatial(ins)
        local outs = {}
        for d = 1, ndim do
            local in_dim = ndim > 1 and (" in " .. DIM_NAMES[d]) or ""
            if 2 * pad[d] > kernel[d] then
                c.fail({ "padding" }, string.format("padding %d%s is more than half the kernel "
                    .. "(%d)", pad[d], in_dim, kernel[d]))
            end
            local padded = sizes[d] + 2 * pad[d]
            if kernel[d] > padded then
                c.fail({ "kernel" }, string.format("kernel %d%s is larger than the padded input "
                    .. "(%d), so the output would be empty", kernel[d], in_dim, padded))
            end
            outs[d] = math.floor((padded - kernel[d]) / stride[d]) + 1
        end
        local L = { ndim = ndim, C = ins[1], max = kind == "max", kernel = kernel,
            stride = stride, padding = pad }
        if ndim == 1 then
            L.H, L.W, L.kh, L.kw, L.sh, L.sw, L.pt, L.pl = 1, sizes[1], 1, kernel[1], 1,
                stride[1], 0, pad[1]
            L.Ho, L.Wo = 1, outs[1]
            L.out_shape = { ins[1], outs[1] }
        else
            L.H, L.W, L.kh, L.kw, L.sh, L.sw, L.pt, L.pl = sizes[1], sizes[2], kernel[1],
                kernel[2], stride[1], stride[2], pad[1], pad[2]
            L.Ho, L.Wo = outs[1], outs[2]
            L.out_shape = { ins[1], outs[1], outs[2] }
        end
        if kind == "avg" then
            L.count_include_pad = util.boolean_field(t, "count_include_pad", true, c)
        end
        return L
    end

    function R.describe(L)
        local parts = { string.format("%s -> %s, kernel %s", shape.text(L.in_shape),
            shape.text(L.out_shape), shape.text(L.kernel)) }
        if not shape.equal(L.stride, L.kernel) then
            parts[#parts + 1] = "stride " .. shape.text(L.stride)
        end
        local any = false
        for _, p in ipairs(L.padding) do
            any = any or p > 0
        end
        if any then
            parts[#parts + 1] = "padding " .. shape.text(L.padding)
            if not L.max and not L.count_include_pad then
                parts[#parts + 1] = "padding not counted"
            end
        end
        return op, table.concat(parts, ", ")
    end

    function R.formula(L, x)
        return string.format("%s = %s(%s)", L.var, op, x)
    end

    function R.label(L)
        local _, details = R.describe(L)
        return op .. "\n" .. details
    end

    function R.forward(b, L, xs, values)
        if loops(L, xs) then
            return forward_loop(b, L, xs, values)
        end
        return forward_full(b, L, xs)
    end

    function R.backward(b, L, _, _, G, m)
        if m.form == "loop" then
            return backward_loop(b, L, G, m.values)
        end
        return backward_full(L, G)
    end

    -- for the flash model (cost.lua): per tap unrolled, or a loop
    function R.features(L, form)
        local passes = L.below and 2 or 1
        if form == "loop" then
            return { pool_loop = passes }
        end
        return { pool_tap = passes * L.n_out * L.kh * L.kw }
    end

    R.form_of = function(L, input_is_array)
        return (input_is_array and L.pt == 0 and L.pl == 0) and "loop" or "full"
    end
    R.reference = reference
    return R
end

return M
