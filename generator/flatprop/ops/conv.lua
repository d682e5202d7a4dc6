-- ops/conv: convolution layers, exactly PyTorch's Conv1d and Conv2d.
-- Takes: a conv1d or conv2d layer of a description. Gives: the op module
-- (see ops/init.lua) for either: validation and shapes, the weight and
-- bias tensors, forward and backward lowering in three code shapes, cost,
-- flash estimates and the reference math.
--
-- A 1-D convolution is handled as a 2-D one of height 1: (C, L) is
-- (C, 1, L) with a kernel of height 1, so one set of rules serves both.
-- Cross-correlation with zero padding: output (o, y, x) is
--   b_o + sum over ci, ky, kx of W[o][ci][ky][kx] * x[c][iy][ix],
--   c = group(o) * Cg + ci, iy = y*sh + ky*dh - pt, ix = x*sw + kx*dw - pl,
-- summed in that order (ci, ky, kx ascending, the bias last) in every
-- shape, so the shapes give the same numbers.
--
-- Code shapes:
--   full  straight-line: every output its own sum with constant indices;
--         taps that fall into the padding are not emitted; backward by
--         output element, each guarded by the mask of the activation above
--         (a dead element skips all its work)
--   rows  one loop over the output positions whose body computes every
--         channel and tap with constant offsets from a moving pointer; the
--         input is first copied into a zero-padded array (no index checks)
--   loop  loops over channels, positions and taps (the smallest code)
-- In backward the loop shapes read the output gradient from an array and
-- skip every element whose gradient is 0 (dead behind a ReLU). train_step
-- first takes the input gradient with the old weights, then updates them.
local common = require("flatprop.ops.common")
local ir = require("flatprop.ir")
local naming = require("flatprop.naming")
local shape = require("flatprop.shape")
local util = require("flatprop.util")

local M = {}

local DIM_NAMES = { "height", "width" }

-- A positive integer per spatial dimension from a number or a list.
local function per_dim(t, field, default, ndim, c, allow_zero)
    local v = t[field]
    if v == nil then
        v = default
    end
    local least = allow_zero and 0 or 1
    local what = allow_zero and "a non-negative integer" or "a positive integer"
    local function one(x, sub)
        if not util.is_int(x) or x < least then
            c.fail(sub, string.format("%s must be %s%s, got %s", field, what,
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

-- padding: a number, "same", "valid", or one entry per spatial dimension
-- (a number or { before, after }). Returns { {before, after}, ... }.
local function paddings(t, ndim, kernel, stride, dilation, c)
    local v = t.padding
    local out = {}
    if v == nil or v == "valid" then
        for d = 1, ndim do
            out[d] = { 0, 0 }
        end
        return out
    end
    if v == "same" then
        for d = 1, ndim do
            if stride[d] ~= 1 then
                c.fail({ "padding" }, string.format('padding "same" needs stride 1, got '
                    .. "stride %d%s", stride[d], ndim > 1 and (" in " .. DIM_NAMES[d]) or ""))
            end
            -- PyTorch: the odd extra goes after
            local total = dilation[d] * (kernel[d] - 1)
            local before = math.floor(total / 2)
            out[d] = { before, total - before }
        end
        return out
    end
    local function amount(x, sub)
        if not util.is_int(x) or x < 0 then
            c.fail(sub, "padding must be a non-negative integer, \"same\" or \"valid\", got "
                .. util.show(x))
        end
        return x
    end
    if type(v) ~= "table" then
        local p = amount(v, { "padding" })
        for d = 1, ndim do
            out[d] = { p, p }
        end
        return out
    end
    local n = util.array_len(v)
    if n ~= ndim then
        c.fail({ "padding" }, string.format("padding has %s, expected one per spatial dimension "
            .. "(%d), each a number or { before, after }", n and (n .. (n == 1 and " entry"
            or " entries")) or util.show(v), ndim))
    end
    for d = 1, ndim do
        local e = v[d]
        if type(e) == "table" then
            if util.array_len(e) ~= 2 then
                c.fail({ "padding", d }, "padding[" .. d .. "] must be a number or a pair "
                    .. "{ before, after }, got " .. util.show(e))
            end
            out[d] = { amount(e[1], { "padding", d, 1 }), amount(e[2], { "padding", d, 2 }) }
        else
            local p = amount(e, { "padding", d })
            out[d] = { p, p }
        end
    end
    return out
end

-- The description's weights: nested lists of `dims` or a .npy of them.
local function tensor_values(t, field, dims, c)
    local v = t[field]
    if v == nil then
        return nil, nil
    end
    if type(v) == "string" and c.npy then
        return c.npy(field, v, dims), (v:gsub("%c", "?"))
    end
    return util.tensor(v, dims, field, c), nil
end

local function int_field(t, field, default, c)
    local v = t[field]
    if v == nil then
        return default
    end
    if not util.is_int(v) or v < 1 then
        c.fail({ field }, field .. " must be a positive integer, got " .. util.show(v))
    end
    return v
end

-- Build the op module for 1 or 2 spatial dimensions.
function M.make(ndim)
    local op = "conv" .. ndim .. "d"
    local R = { op = op, kind = "param", prefix = "conv" }

    R.fields = { "op", "out", "kernel", "stride", "padding", "dilation", "groups", "bias",
        "weights", "biases", "trainable", "name", "unroll" }
    R.shapes = { "full", "rows", "loop" }
    R.file_fields = { "weights", "biases" }

    function R.helper(fields)
        if type(fields) ~= "table" then
            error(op .. "(): expected a table of fields such as " .. op
                .. " { out = 8, kernel = 3 }", 3)
        end
        return fields
    end

    function R.check(t, c)
        local ins = c.in_shape
        if #ins ~= ndim + 1 then
            c.fail({}, string.format("%s takes a %s input, but its input is %s%s", op,
                ndim == 1 and "(C, L)" or "(C, H, W)", shape.text(ins),
                #ins == 1 and " (a vector)" or ""))
        end
        local out = t.out
        if out == nil then
            c.fail({}, "missing field 'out' (the number of output channels)")
        end
        if not util.is_int(out) or out < 1 then
            c.fail({ "out" }, "out must be a positive integer, got " .. util.show(out))
        end
        c.limit_width({ "out" }, out)
        if t.kernel == nil then
            c.fail({}, "missing field 'kernel' (the kernel size" .. (ndim > 1
                and ", a number or { kh, kw })" or ")"))
        end
        local kernel = per_dim(t, "kernel", nil, ndim, c)
        local stride = per_dim(t, "stride", 1, ndim, c)
        local dilation = per_dim(t, "dilation", 1, ndim, c)
        local groups = int_field(t, "groups", 1, c)
        local C = ins[1]
        if C % groups ~= 0 or out % groups ~= 0 then
            c.fail({ "groups" }, string.format("groups = %d must divide the input channels (%d) "
                .. "and out (%d)", groups, C, out))
        end
        local pads = paddings(t, ndim, kernel, stride, dilation, c)
        local sizes = shape.spatial(ins)
        local outs = {}
        for d = 1, ndim do
            local span = dilation[d] * (kernel[d] - 1) + 1
            local padded = sizes[d] + pads[d][1] + pads[d][2]
            if span > padded then
                c.fail({ "kernel" }, string.format("the kernel spans %d%s, more than the padded "
                    .. "input's %d (%s %d + padding %d + %d), so the output would be empty",
                    span, ndim > 1 and (" in " .. DIM_NAMES[d]) or "", padded,
                    ndim > 1 and DIM_NAMES[d] or "length", sizes[d], pads[d][1], pads[d][2]))
            end
            outs[d] = math.floor((padded - span) / stride[d]) + 1
        end
        local L = { ndim = ndim, C = C, O = out, groups = groups, Cg = math.floor(C / groups),
            Og = math.floor(out / groups) }
        -- everything as 2-D: height 1 for conv1d
        if ndim == 1 then
            L.H, L.W, L.kh, L.kw, L.sh, L.sw, L.dh, L.dw = 1, sizes[1], 1, kernel[1], 1,
                stride[1], 1, dilation[1]
            L.pt, L.pb, L.pl, L.pr = 0, 0, pads[1][1], pads[1][2]
            L.Ho, L.Wo = 1, outs[1]
            L.out_shape = { out, outs[1] }
        else
            L.H, L.W, L.kh, L.kw, L.sh, L.sw, L.dh, L.dw = sizes[1], sizes[2], kernel[1],
                kernel[2], stride[1], stride[2], dilation[1], dilation[2]
            L.pt, L.pb, L.pl, L.pr = pads[1][1], pads[1][2], pads[2][1], pads[2][2]
            L.Ho, L.Wo = outs[1], outs[2]
            L.out_shape = { out, outs[1], outs[2] }
        end
        L.kernel, L.stride, L.dilation, L.pads = kernel, stride, dilation, pads
        L.K = L.kh * L.kw
        L.n_weights = out * L.Cg * L.K
        c.limit_params({ "out" }, L.n_weights)
        L.bias = util.boolean_field(t, "bias", true, c)
        L.trainable = util.boolean_field(t, "trainable", true, c)
        L.name = c.layer_name(t.name)
        L.unroll_asked = c.unroll_field(t, R.shapes)
        L.wdims = { out, L.Cg }
        for d = 1, ndim do
            L.wdims[#L.wdims + 1] = kernel[d]
        end
        L.weights, L.weights_from = tensor_values(t, "weights", L.wdims, c)
        if t.biases ~= nil then
            if not L.bias then
                c.fail({ "biases" }, "biases given but bias = false")
            end
            local v = t.biases
            if type(v) == "string" and c.npy then
                L.biases, L.biases_from = c.npy("biases", v, { out }), (v:gsub("%c", "?"))
            else
                L.biases = util.vector(v, out, "biases", c)
            end
        end
        return L
    end

    function R.tensors(L)
        local ts = { {
            name = "weights", shape = L.wdims, rows = L.O, cols = L.Cg * L.K,
            fan_in = L.Cg * L.K, fan_out = L.O * L.K, values = L.weights, from = L.weights_from,
            layout = ndim == 1 and "[out][in/groups][k]" or "[out][in/groups][kh][kw]",
        } }
        if L.bias then
            ts[2] = { name = "biases", shape = { L.O }, rows = L.O, cols = 0, bias = true,
                values = L.biases, from = L.biases_from }
        end
        return ts
    end

    function R.n_params(L)
        return L.n_weights + (L.bias and L.O or 0)
    end

    local function details(L)
        local parts = { string.format("%s -> %s, kernel %s", shape.text(L.in_shape),
            shape.text(L.out_shape), shape.text(L.kernel)) }
        local function opt(label, v, default)
            for _, e in ipairs(v) do
                if e ~= default then
                    parts[#parts + 1] = label .. " " .. shape.text(v)
                    return
                end
            end
        end
        opt("stride", L.stride, 1)
        opt("dilation", L.dilation, 1)
        local pad = {}
        local any = false
        for d, p in ipairs(L.pads) do
            pad[d] = p[1] == p[2] and string.format("%d", p[1])
                or string.format("%d+%d", p[1], p[2])
            any = any or p[1] ~= 0 or p[2] ~= 0
        end
        if any then
            parts[#parts + 1] = "padding " .. table.concat(pad, "x")
        end
        if L.groups > 1 then
            parts[#parts + 1] = L.groups == L.C and L.O == L.C and "depthwise"
                or ("groups " .. L.groups)
        end
        if not L.bias then
            parts[#parts + 1] = "no bias"
        end
        if not L.trainable then
            parts[#parts + 1] = "frozen"
        end
        return table.concat(parts, ", ")
    end

    function R.describe(L)
        return L.name, op .. " " .. details(L)
    end

    function R.formula(L, x)
        return string.format("%s = W%d * %s%s", L.var, L.k, x, L.bias and (" + b" .. L.k) or "")
    end

    function R.arch(L)
        return string.format("%s(%s %d, k%s%s%s)", L.name, op, L.O, shape.text(L.kernel),
            L.bias and "" or ", no bias", L.trainable and "" or ", frozen")
    end

    function R.label(L)
        return L.name .. "\n" .. op .. " " .. details(L):gsub(", frozen$", "")
    end

    function R.unrolled_units(L)
        return M.macs(L), "multiply-adds"
    end

    function R.output_is_array(L)
        return L.unroll ~= "full"
    end

    R.forward = M.forward
    R.backward = M.backward
    R.backward_what = M.backward_what
    R.cost = M.cost
    R.features = M.features
    R.reference = M.reference
    return R
end

-- The valid taps of output (o, y, x): { w = weight index in the tensor,
-- i = input element } in summation order (0-based).
function M.taps(L, o, y, x)
    local list = {}
    local g = math.floor(o / L.Og)
    for ci = 0, L.Cg - 1 do
        local c = g * L.Cg + ci
        for ky = 0, L.kh - 1 do
            local iy = y * L.sh + ky * L.dh - L.pt
            if iy >= 0 and iy < L.H then
                for kx = 0, L.kw - 1 do
                    local ix = x * L.sw + kx * L.dw - L.pl
                    if ix >= 0 and ix < L.W then
                        list[#list + 1] = { w = ((o * L.Cg + ci) * L.kh + ky) * L.kw + kx,
                            i = (c * L.H + iy) * L.W + ix }
                    end
                end
            end
        end
    end
    return list
end

-- Every tap of output channel o in the zero-padded input (Hp x Wp): the
-- weight index and the offset from the window's corner (0-based).
local function padded_taps(L, o)
    local Hp, Wp = L.H + L.pt + L.pb, L.W + L.pl + L.pr
    local list = {}
    local g = math.floor(o / L.Og)
    for ci = 0, L.Cg - 1 do
        local c = g * L.Cg + ci
        for ky = 0, L.kh - 1 do
            for kx = 0, L.kw - 1 do
                list[#list + 1] = { w = ((o * L.Cg + ci) * L.kh + ky) * L.kw + kx,
                    off = (c * Hp + ky * L.dh) * Wp + kx * L.dw }
            end
        end
    end
    return list
end

local function padded(L)
    return L.pt + L.pb + L.pl + L.pr > 0
end

-- Multiply-adds of one forward pass (taps in the padding not counted).
function M.macs(L)
    if L.macs then
        return L.macs
    end
    -- per dimension: how many (output, kernel) pairs fall inside the input
    local function valid(n_out, k, s, d, pad, n_in)
        local count = 0
        for y = 0, n_out - 1 do
            for ky = 0, k - 1 do
                local iy = y * s + ky * d - pad
                if iy >= 0 and iy < n_in then
                    count = count + 1
                end
            end
        end
        return count
    end
    L.macs = L.O * L.Cg * valid(L.Ho, L.kh, L.sh, L.dh, L.pt, L.H)
        * valid(L.Wo, L.kw, L.sw, L.dw, L.pl, L.W)
    return L.macs
end

function M.cost(L, need_input)
    local mac = M.macs(L)
    return mac, (L.trainable and mac or 0) + (need_input and mac or 0)
end

function M.backward_what(L, own, need_input, masked)
    local parts = {}
    if own == "grad" then
        parts[#parts + 1] = "grad += dL/dW" .. L.k
    elseif own == "sgd" then
        parts[#parts + 1] = "W" .. L.k .. " -= lr dL/dW" .. L.k
    end
    if need_input then
        parts[#parts + 1] = "input gradient W^T * d"
    end
    local text = table.concat(parts, ", ")
    if masked then
        text = text .. ", outputs of dead ReLU elements skipped"
    elseif L.unroll ~= "full" then
        text = text .. ", outputs whose gradient is 0 skipped"
    end
    return text
end

-- What the layer's train_step code is made of, for the flash model
-- (cost.lua): forward, the input gradient (when a trainable layer lies
-- below) and the weight update each make one pass over the layer's work.
function M.features(L, kind)
    local passes = 1 + (L.trainable and 1 or 0) + (L.below and 1 or 0)
    if kind == "full" then
        return { conv_mac = passes * M.macs(L) }
    end
    local f = {}
    if padded(L) then
        f.pad_copy = L.below and 2 or 1
    end
    if kind == "rows" then
        f.conv_tap = passes * L.O * L.Cg * L.K
        f.conv_rows = passes
    else
        f.conv_loop = passes
    end
    return f
end

---------------------------------------------------------------------------
-- Lowering: full (straight-line)

local function out_index(L, o, y, x)
    return (o * L.Ho + y) * L.Wo + x
end

local function forward_full(b, L, xs)
    local k = L.k
    local at = common.anchors(b, naming.anchor("fw", k), "params", true)
    local CgK = L.Cg * L.K
    local ys = {}
    for o = 0, L.O - 1 do
        local w = at(L.w_off + o * CgK, L.w_off + (o + 1) * CgK - 1)
        local bias = L.bias and at(L.b_off + o, L.b_off + o)(0)
        for y = 0, L.Ho - 1 do
            for x = 0, L.Wo - 1 do
                local n = out_index(L, o, y, x)
                local acc
                for _, tap in ipairs(M.taps(L, o, y, x)) do
                    local term = ir.mul(w(tap.w - o * CgK), xs[tap.i + 1])
                    if acc then
                        b:assign(acc, "+=", term)
                    else
                        acc = b:decl(naming.element(L.var, n), term)
                    end
                end
                if bias then
                    if acc then
                        b:assign(acc, "+=", bias)
                    else
                        acc = b:decl(naming.element(L.var, n), bias)
                    end
                end
                ys[n + 1] = acc or ir.num(0)
            end
        end
    end
    return ys
end

local function is_zero(e)
    return e.k == "num" and e.v == 0
end

local function backward_full(b, L, xs, G, m)
    local update, k = m.update, L.k
    local CgK = L.Cg * L.K
    -- the input-gradient accumulators of the inputs some tap reaches
    local accs
    if m.need_input then
        accs = {}
        for o = 0, L.O - 1 do
            for y = 0, L.Ho - 1 do
                for x = 0, L.Wo - 1 do
                    if not is_zero(G[out_index(L, o, y, x) + 1].e) then
                        for _, tap in ipairs(M.taps(L, o, y, x)) do
                            local i = tap.i + 1
                            if not accs[i] then
                                local name = xs[i].k == "var" and naming.grad(xs[i].name)
                                    or naming.temp("gin", k, tap.i)
                                accs[i] = b:decl(name, ir.num(0))
                            end
                        end
                    end
                end
            end
        end
    end
    -- each output's gradient once; a masked one is read inside its guard
    local ds = {}
    for n, g in ipairs(G) do
        if not is_zero(g.e) then
            ds[n] = g.cond and g.e or b:decl(naming.temp("d", k, n - 1), g.e)
        end
    end
    -- one pass: the input gradient (old weights) and the weight gradient;
    -- with sgd the updates follow in a second pass
    local function pass(phase)
        local const = update ~= "sgd"
        local wat = common.anchors(b, naming.anchor(phase == 2 and "uw" or "bw", k),
            "params", const)
        local gat = common.anchors(b, naming.anchor("gw", k), "grad", false)
        for o = 0, L.O - 1 do
            local first, last = L.w_off + o * CgK, L.w_off + (o + 1) * CgK - 1
            local wp = wat(first, last)
            local gp = update == "grad" and phase == 1 and gat(first, last)
            local bias_w = L.bias and update == "sgd" and phase == 2
                and wat(L.b_off + o, L.b_off + o)(0)
            local bias_g = L.bias and gp and gat(L.b_off + o, L.b_off + o)(0)
            for y = 0, L.Ho - 1 do
                for x = 0, L.Wo - 1 do
                    local n = out_index(L, o, y, x) + 1
                    local d = ds[n]
                    if d then
                        local rb = b:when(G[n].cond)
                        local s
                        if phase == 2 then
                            s = rb:decl(naming.temp("s", k, n - 1),
                                ir.mul(ir.var("lr"), d))
                        end
                        for _, tap in ipairs(M.taps(L, o, y, x)) do
                            local w = wp(tap.w - o * CgK)
                            local xi = xs[tap.i + 1]
                            if phase == 1 then
                                if accs then
                                    rb:assign(accs[tap.i + 1], "+=", ir.mul(w, d))
                                end
                                if gp then
                                    rb:assign(gp(tap.w - o * CgK), "+=", ir.mul(d, xi))
                                end
                            else
                                rb:assign(w, "-=", ir.mul(s, xi))
                            end
                        end
                        if bias_g then
                            rb:assign(bias_g, "+=", d)
                        elseif bias_w then
                            rb:assign(bias_w, "-=", s)
                        end
                    end
                end
            end
        end
    end
    if accs or update == "grad" then
        pass(1)
    end
    if update == "sgd" then
        pass(2)
    end
    if not accs then
        return nil
    end
    local G_in = {}
    for i = 1, L.n_in do
        G_in[i] = { e = accs[i] or ir.num(0) }
    end
    return G_in
end

---------------------------------------------------------------------------
-- Lowering: the loop shapes (rows, loop)

-- The input as an array the loops can read without index checks: the
-- values themselves, or a zero-padded copy a<k> (C x Hp x Wp).
local function input_array(b, L, xs, values)
    if not padded(L) then
        return values.array(b, xs, naming.temp("a", L.k))
    end
    local Hp, Wp = L.H + L.pt + L.pb, L.W + L.pl + L.pr
    local name = naming.temp("a", L.k)
    local a = b:array(name, L.C * Hp * Wp)
    common.zero(b, name, L.C * Hp * Wp)
    local src = xs.array or xs.source
    if not src then
        for c = 0, L.C - 1 do
            for iy = 0, L.H - 1 do
                for ix = 0, L.W - 1 do
                    b:assign(a((c * Hp + iy + L.pt) * Wp + ix + L.pl), "=",
                        xs[(c * L.H + iy) * L.W + ix + 1])
                end
            end
        end
        return name
    end
    M.copy_rows(b, L, name, src, true)
    return name
end

-- Copy every row of the input (C x H rows of W) between a compact array
-- and a zero-padded one: into the padded one (to_padded) or out of it.
function M.copy_rows(b, L, dst, src, to_padded)
    local Hp, Wp = L.H + L.pt + L.pb, L.W + L.pl + L.pr
    local cl = b:loop("c", 0, L.C)
    local rows = cl
    local compact, pad
    if L.H > 1 then
        rows = cl:loop("r", 0, L.H)
        compact = ir.lin(0, { { "c", L.H * L.W }, { "r", L.W } })
        pad = ir.lin(L.pt * Wp + L.pl, { { "c", Hp * Wp }, { "r", Wp } })
    else
        compact = ir.lin(0, { { "c", L.W } })
        pad = ir.lin(L.pl, { { "c", Wp } })
    end
    local to, from = pad, compact
    if not to_padded then
        to, from = compact, pad
    end
    local ib = rows:loop("i", 0, L.W)
    ib:assign(ir.idx(dst, ir.add(to, ir.var("i"))), "=", ir.idx(src, ir.add(from, ir.var("i"))))
end

-- Loops over the output positions: y (if 2-D) and x; returns the body's
-- builder and the position's index expressions.
local function position_loops(b, L)
    local yb = b
    local y
    if L.Ho > 1 then
        yb = b:loop("py", 0, L.Ho)
        y = "py"
    end
    local xb = yb:loop("px", 0, L.Wo)
    local terms_in, terms_out = {}, {}
    local Wp = L.W + L.pl + L.pr
    if y then
        terms_in[#terms_in + 1] = { y, L.sh * Wp }
        terms_out[#terms_out + 1] = { y, L.Wo }
    end
    terms_in[#terms_in + 1] = { "px", L.sw }
    terms_out[#terms_out + 1] = { "px", 1 }
    return xb, ir.lin(0, terms_in), ir.lin(0, terms_out)
end

local function forward_rows(b, L, xs, values)
    local k, P = L.k, L.Ho * L.Wo
    local a = input_array(b, L, xs, values)
    b:array(L.var, L.n_out)
    local w = common.anchored(b, naming.anchor("fw", k), "params", L.w_off, L.n_weights, true)
    local bias = L.bias and common.anchored(b, naming.anchor("fb", k), "params", L.b_off, L.O,
        true)
    local body, at_in, at_out = position_loops(b, L)
    local ap = body:ptr(naming.temp("ap", k), a, at_in, true)
    local zp = body:ptr(naming.temp("zp", k), L.var, at_out, false)
    for o = 0, L.O - 1 do
        local acc
        for _, tap in ipairs(padded_taps(L, o)) do
            local term = ir.mul(w(tap.w), ap(tap.off))
            if acc then
                body:assign(acc, "+=", term)
            else
                acc = body:decl(naming.temp("acc", k, o), term)
            end
        end
        if bias then
            body:assign(acc, "+=", bias(o))
        end
        body:assign(zp(o * P), "=", acc)
    end
    return values.of_array(L.var, L.n_out), "loop"
end

local function backward_rows(b, L, _, G, m, a)
    local update, k, P = m.update, L.k, L.Ho * L.Wo
    local values = m.values
    local dname = values.grad_array(b, G, naming.temp("d", k))
    local Hp, Wp = L.H + L.pt + L.pb, L.W + L.pl + L.pr
    local gname = naming.temp("g", k)
    if m.need_input then
        b:array(gname, L.C * Hp * Wp)
        common.zero(b, gname, L.C * Hp * Wp)
    end
    local function pass(phase)
        local const = update ~= "sgd"
        local w = common.anchored(b, naming.anchor(phase == 2 and "uw" or "bw", k),
            "params", L.w_off, L.n_weights, const)
        local gw = update == "grad" and phase == 1
            and common.anchored(b, naming.anchor("gw", k), "grad", L.w_off, L.n_weights, false)
        local bw = L.bias and update == "sgd" and phase == 2
            and common.anchored(b, naming.anchor("ub", k), "params", L.b_off, L.O, false)
        local bg = L.bias and gw
            and common.anchored(b, naming.anchor("gb", k), "grad", L.b_off, L.O, false)
        local body, at_in, at_out = position_loops(b, L)
        local ap = (phase == 2 or gw) and body:ptr(naming.temp("ap", k), a, at_in, true)
        local gp = phase == 1 and m.need_input
            and body:ptr(naming.temp("gp", k), gname, at_in, false)
        local dp = body:ptr(naming.temp("dp", k), dname, at_out, true)
        for o = 0, L.O - 1 do
            local r = body:decl(naming.temp("r", k, o), dp(o * P))
            local rb = body:when(ir.ne(r, ir.num(0)))
            local s
            if phase == 2 then
                s = rb:decl(naming.temp("s", k, o), ir.mul(ir.var("lr"), r))
            end
            for _, tap in ipairs(padded_taps(L, o)) do
                if phase == 1 then
                    if gp then
                        rb:assign(gp(tap.off), "+=", ir.mul(w(tap.w), r))
                    end
                    if gw then
                        rb:assign(gw(tap.w), "+=", ir.mul(r, ap(tap.off)))
                    end
                else
                    rb:assign(w(tap.w), "-=", ir.mul(s, ap(tap.off)))
                end
            end
            if bg then
                rb:assign(bg(o), "+=", r)
            elseif bw then
                rb:assign(bw(o), "-=", s)
            end
        end
    end
    if m.need_input or update == "grad" then
        pass(1)
    end
    if update == "sgd" then
        pass(2)
    end
    return gname
end

-- The loop shape: for o, positions and taps, every index computed.
local function loop_nest(b, L)
    -- o = gi * Og + oo over groups gi (only when there are several)
    local nest = b
    local terms = {}
    local function dim(var, n)
        if n > 1 then
            nest = nest:loop(var, 0, n)
            return var
        end
        return nil
    end
    local gi = dim("gi", L.groups)
    local oo = dim("oc", L.Og)
    local y = dim("py", L.Ho)
    local x = dim("px", L.Wo)
    terms.gi, terms.oo, terms.y, terms.x = gi, oo, y, x
    return nest, terms
end

-- Index expressions of the loop shape, from the loop variables (nil: 0).
local function term(var, coeff)
    return var and { var, coeff } or { nil, 0 }
end

local function lin(c, list)
    local clean = {}
    for _, t in ipairs(list) do
        if t[1] then
            clean[#clean + 1] = t
        end
    end
    return ir.lin(c, clean)
end

local function tap_nest(b, L)
    local nest = b
    local function dim(var, n)
        if n > 1 then
            nest = nest:loop(var, 0, n)
            return var
        end
        return nil
    end
    local ci = dim("ic", L.Cg)
    local ky = dim("ky", L.kh)
    local kx = dim("kx", L.kw)
    return nest, ci, ky, kx
end

-- The flat indices of output, weight, bias and padded input at the loop
-- variables.
local function loop_indices(L, t, ci, ky, kx)
    local Hp, Wp = L.H + L.pt + L.pb, L.W + L.pl + L.pr
    local P = L.Ho * L.Wo
    local CgK = L.Cg * L.K
    local out = lin(0, { term(t.gi, L.Og * P), term(t.oo, P), term(t.y, L.Wo), term(t.x, 1) })
    local bias = lin(L.b_off or 0, { term(t.gi, L.Og), term(t.oo, 1) })
    local w = ci ~= false and lin(L.w_off, { term(t.gi, L.Og * CgK), term(t.oo, CgK),
        term(ci, L.K), term(ky, L.kw), term(kx, 1) })
    local inp = ci ~= false and lin(0, { term(t.gi, L.Cg * Hp * Wp), term(ci, Hp * Wp),
        term(t.y, L.sh * Wp), term(ky, L.dh * Wp), term(t.x, L.sw), term(kx, L.dw) })
    return out, w, inp, bias
end

local function forward_loop(b, L, xs, values)
    local k = L.k
    local a = input_array(b, L, xs, values)
    b:array(L.var, L.n_out)
    local nest, t = loop_nest(b, L)
    local acc = nest:decl(naming.temp("acc", k), ir.num(0))
    local inner, ci, ky, kx = tap_nest(nest, L)
    local out, w, inp, bias = loop_indices(L, t, ci, ky, kx)
    inner:assign(acc, "+=", ir.mul(ir.idx("params", w), ir.idx(a, inp)))
    if L.bias then
        nest:assign(acc, "+=", ir.idx("params", bias))
    end
    nest:assign(ir.idx(L.var, out), "=", acc)
    return values.of_array(L.var, L.n_out), "loop"
end

local function backward_loop(b, L, _, G, m, a)
    local update, k = m.update, L.k
    local values = m.values
    local dname = values.grad_array(b, G, naming.temp("d", k))
    local Hp, Wp = L.H + L.pt + L.pb, L.W + L.pl + L.pr
    local gname = naming.temp("g", k)
    if m.need_input then
        b:array(gname, L.C * Hp * Wp)
        common.zero(b, gname, L.C * Hp * Wp)
    end
    local function pass(phase)
        local nest, t = loop_nest(b, L)
        local out, _, _, bias = loop_indices(L, t, false)
        local r = nest:decl(naming.temp("r", k), ir.idx(dname, out))
        local rb = nest:when(ir.ne(r, ir.num(0)))
        local s
        if phase == 2 then
            s = rb:decl(naming.temp("s", k), ir.mul(ir.var("lr"), r))
        end
        local inner, ci, ky, kx = tap_nest(rb, L)
        local _, w, inp = loop_indices(L, t, ci, ky, kx)
        if phase == 1 then
            if m.need_input then
                inner:assign(ir.idx(gname, inp), "+=", ir.mul(ir.idx("params", w), r))
            end
            if update == "grad" then
                inner:assign(ir.idx("grad", w), "+=", ir.mul(r, ir.idx(a, inp)))
                if L.bias then
                    rb:assign(ir.idx("grad", bias), "+=", r)
                end
            end
        else
            inner:assign(ir.idx("params", w), "-=", ir.mul(s, ir.idx(a, inp)))
            if L.bias then
                rb:assign(ir.idx("params", bias), "-=", s)
            end
        end
    end
    if m.need_input or update == "grad" then
        pass(1)
    end
    if update == "sgd" then
        pass(2)
    end
    return gname
end

-- The input gradient of a loop shape, from the padded array g<k>: the
-- array itself when there is no padding, else its interior copied out.
local function input_grads(b, L, gname, values)
    if not padded(L) then
        return values.grads_of_array(gname, L.n_in)
    end
    local name = naming.temp("gin", L.k)
    b:array(name, L.n_in)
    M.copy_rows(b, L, name, gname, false)
    return values.grads_of_array(name, L.n_in)
end

function M.forward(b, L, xs, values)
    if L.unroll == "rows" then
        return forward_rows(b, L, xs, values)
    elseif L.unroll == "loop" then
        return forward_loop(b, L, xs, values)
    end
    return forward_full(b, L, xs)
end

function M.backward(b, L, xs, _, G, m)
    if L.unroll == "full" then
        return backward_full(b, L, xs, G, m)
    end
    -- the (padded) input array forward built: a<k>, or the input's own
    local own = naming.temp("a", L.k)
    local a = padded(L) and own or (xs.array or xs.source or own)
    local gname
    if L.unroll == "rows" then
        gname = backward_rows(b, L, xs, G, m, a)
    else
        gname = backward_loop(b, L, xs, G, m, a)
    end
    if not m.need_input then
        return nil
    end
    return input_grads(b, L, gname, m.values)
end

---------------------------------------------------------------------------
-- Reference math: plain loops with explicit bounds checks, in double.

M.reference = {}

-- Calls f(out, w, i) for every valid tap (1-based out and i, 0-based w).
local function each_tap(L, f)
    for o = 0, L.O - 1 do
        local g = math.floor(o / L.Og)
        for y = 0, L.Ho - 1 do
            for x = 0, L.Wo - 1 do
                local n = (o * L.Ho + y) * L.Wo + x + 1
                for ci = 0, L.Cg - 1 do
                    local c = g * L.Cg + ci
                    for ky = 0, L.kh - 1 do
                        local iy = y * L.sh + ky * L.dh - L.pt
                        for kx = 0, L.kw - 1 do
                            local ix = x * L.sw + kx * L.dw - L.pl
                            if iy >= 0 and iy < L.H and ix >= 0 and ix < L.W then
                                f(n, ((o * L.Cg + ci) * L.kh + ky) * L.kw + kx,
                                    (c * L.H + iy) * L.W + ix + 1, o)
                            end
                        end
                    end
                end
            end
        end
    end
end

function M.reference.forward(L, p, x)
    local z = {}
    for n = 1, L.n_out do
        z[n] = 0
    end
    each_tap(L, function(n, w, i)
        z[n] = z[n] + p[L.w_off + w + 1] * x[i]
    end)
    if L.bias then
        local P = L.Ho * L.Wo
        for n = 1, L.n_out do
            z[n] = z[n] + p[L.b_off + math.floor((n - 1) / P) + 1]
        end
    end
    return z
end

function M.reference.backward(L, p, x, _, g, grad)
    local gx = {}
    for i = 1, L.n_in do
        gx[i] = 0
    end
    each_tap(L, function(n, w, i)
        gx[i] = gx[i] + p[L.w_off + w + 1] * g[n]
        if L.trainable then
            grad[L.w_off + w + 1] = grad[L.w_off + w + 1] + g[n] * x[i]
        end
    end)
    if L.bias and L.trainable then
        local P = L.Ho * L.Wo
        for n = 1, L.n_out do
            local j = L.b_off + math.floor((n - 1) / P) + 1
            grad[j] = grad[j] + g[n]
        end
    end
    return gx
end

function M.reference.bound(L, p, _, B)
    local nb = {}
    for n = 1, L.n_out do
        nb[n] = 0
    end
    each_tap(L, function(n, w, i)
        if B[i] ~= 0 then
            nb[n] = nb[n] + math.abs(p[L.w_off + w + 1]) * B[i]
        end
    end)
    return nb
end

function M.reference.channels(L)
    return L.O
end

-- A parameter of output channel o moves every output of that channel.
function M.reference.channel_out(L, o)
    local P = L.Ho * L.Wo
    local B = {}
    for n = 1, L.n_out do
        B[n] = (math.floor((n - 1) / P) == o - 1) and 1 or 0
    end
    return B
end

function M.reference.channel_params(L, o, x)
    local CgK = L.Cg * L.K
    local largest = {}
    for j = 0, CgK - 1 do
        largest[j] = 0
    end
    local lo = (o - 1) * CgK
    each_tap(L, function(_, w, i, oc)
        if oc == o - 1 then
            largest[w - lo] = math.max(largest[w - lo], math.abs(x[i]))
        end
    end)
    local list = {}
    for j = 0, CgK - 1 do
        list[#list + 1] = { L.w_off + lo + j, largest[j] }
    end
    if L.bias then
        list[#list + 1] = { L.b_off + o - 1, 1 }
    end
    return list
end

return M
