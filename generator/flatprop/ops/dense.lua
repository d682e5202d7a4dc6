-- ops/dense: the fully connected layer y = W x (+ b).
-- Takes: a dense layer of a description. Gives: its shape and parameter
-- layout (check), its forward statements and its backward statements.
--
-- Backward is organised by output row o: everything that depends on the
-- row's gradient d_o (its weight and bias gradients or SGD updates, and its
-- share of the input gradient) sits in one block, guarded by the mask of the
-- activation that follows. A dead ReLU neuron skips its whole row.
local common = require("flatprop.ops.common")
local ir = require("flatprop.ir")
local naming = require("flatprop.naming")
local shape = require("flatprop.shape")
local util = require("flatprop.util")

local M = { op = "dense", kind = "param", prefix = "dense" }

M.fields = { "op", "out", "bias", "name", "weights", "biases", "trainable", "unroll" }

-- How a layer's C is shaped: "full" (straight-line, every index a constant),
-- "rows" (a constant-bound loop over the output rows, each row's inputs
-- unrolled) or "loop" (loops over rows and inputs). The policy module picks
-- one for each layer that does not ask.
M.shapes = { "full", "rows", "loop" }

-- The fields naming .npy files (--list-inputs).
M.file_fields = { "weights", "biases" }

-- dense { out = 4 }: a table of fields, nothing else.
function M.helper(fields)
    if type(fields) ~= "table" then
        error("dense(): expected a table of fields such as dense { out = 4 }", 3)
    end
    return fields
end

-- Validate the fields of layer t (raw table) given its input; c is the
-- checker's context (c.fail, c.in_shape, c.type, c.count).
function M.check(t, c)
    local out = t.out
    if out == nil then
        c.fail({}, "missing field 'out' (the number of outputs, a positive integer)")
    end
    if not util.is_int(out) or out < 1 then
        c.fail({ "out" }, "out must be a positive integer, got " .. util.show(out))
    end
    c.limit_width({ "out" }, out)
    if #c.in_shape > 1 then
        c.fail({}, string.format("dense takes a vector, but its input is %s (add { op = "
            .. "\"flatten\" } or { op = \"global_avgpool\" } before it)",
            shape.text(c.in_shape)))
    end
    local n_in = c.in_shape[1]
    c.limit_params({ "out" }, n_in * out)
    local L = { n_in = n_in, n_out = out, out_shape = { out }, dense_index = c.count }
    L.bias = util.boolean_field(t, "bias", true, c)
    L.trainable = util.boolean_field(t, "trainable", true, c)
    L.name = c.layer_name(t.name)
    local weights, biases = t.weights, t.biases
    if type(weights) == "string" and c.npy then
        -- a .npy file, read by the generator once the description has run
        weights = util.rows(c.npy("weights", weights, { out, n_in }), out, n_in)
        L.weights_from = (t.weights:gsub("%c", "?"))
    end
    L.unroll_asked = c.unroll_field(t, M.shapes)
    if weights ~= nil then
        L.weights = util.matrix(weights, out, n_in, "weights", c, L.weights_from ~= nil)
    end
    if biases ~= nil then
        if not L.bias then
            c.fail({ "biases" }, "biases given but bias = false")
        end
        if type(biases) == "string" and c.npy then
            biases = c.npy("biases", biases, { out })
            L.biases_from = (t.biases:gsub("%c", "?"))
        end
        L.biases = util.vector(biases, out, "biases", c, L.biases_from ~= nil)
    end
    return L
end

-- The parameter tensors in layout order: W [out][in] row-major, then b.
function M.tensors(L)
    local ts = { {
        name = "weights", shape = { L.n_out, L.n_in }, rows = L.n_out, cols = L.n_in,
        fan_in = L.n_in, fan_out = L.n_out, values = L.weights and util.flatten(L.weights),
        from = L.weights_from, layout = "row-major [out][in]",
    } }
    if L.bias then
        ts[2] = { name = "biases", shape = { L.n_out }, rows = L.n_out, cols = 0,
            bias = true, values = L.biases, from = L.biases_from }
    end
    return ts
end

-- What the size guard counts when the layer is fully unrolled.
function M.unrolled_units(L)
    return M.n_params(L), "parameters"
end

function M.n_params(L)
    return L.n_in * L.n_out + (L.bias and L.n_out or 0)
end

-- Title and details for the generated comments.
function M.describe(L)
    return L.name, string.format("%d -> %d%s%s", L.n_in, L.n_out,
        L.bias and "" or ", no bias", L.trainable and "" or ", frozen")
end

function M.formula(L, x)
    return string.format("%s = W%d %s%s", L.var, L.k, x, L.bias and (" + b" .. L.k) or "")
end

-- The architecture line of the banner: dense1(3, no bias).
function M.arch(L)
    return string.format("%s(%d%s%s)", L.name, L.n_out, L.bias and "" or ", no bias",
        L.trainable and "" or ", frozen")
end

-- The --dot node: name, shape and parameter count.
function M.label(L)
    return string.format("%s\ndense %d -> %d%s", L.name, L.n_in, L.n_out,
        L.bias and "" or ", no bias")
end

-- Statements go column block by column block: a block of inputs (and, in
-- backward, their input-gradient accumulators) stays in registers while
-- every row passes over it, so nothing but the row's own values is reloaded
-- per weight. Each row still adds its inputs in order 0, 1, ..., so the
-- arithmetic is that of a plain row-by-row sum. Sizes leave room in the 32
-- single registers of a Cortex-M4F FPU (FPv4-SP).
local FWD_BLOCK = 16
local BWD_BLOCK = 8 -- inputs and their gradient accumulators
local BWD_BLOCK_NO_INPUT = 16

local anchors, blocks = common.anchors, common.blocks

-- z_o = sum_i W[o][i] x_i (+ b_o), one multiply-add per statement.
local function forward_full(b, L, xs)
    local ys = {}
    local k = L.k
    local at = anchors(b, naming.anchor("fw", k), "params", true)
    for _, blk in ipairs(blocks(L.n_in, FWD_BLOCK)) do
        for o = 0, L.n_out - 1 do
            local row = L.w_off + o * L.n_in
            local w = at(row + blk.first - 1, row + blk.last - 1)
            for i = blk.first, blk.last do
                local term = ir.mul(w(i - blk.first), xs[i])
                if i == 1 then
                    ys[o + 1] = b:decl(naming.element(L.var, o), term)
                else
                    b:assign(ys[o + 1], "+=", term)
                end
            end
        end
    end
    if L.bias then
        for o = 0, L.n_out - 1 do
            b:assign(ys[o + 1], "+=", at(L.b_off + o, L.b_off + o)(0))
        end
    end
    return ys
end

-- G[o] = { e = gradient of the loss w.r.t. z_o, cond = mask or nil }.
-- m.update: "grad" (add into grad[]), "sgd" (params -= lr * gradient) or
-- nil; m.need_input: also return the gradient w.r.t. the input xs.
local function backward_full(b, L, xs, G, m)
    local update = L.trainable and m.update or nil
    local k = L.k
    local accs
    -- When row 0 always runs, it starts the input gradients with '='.
    local first_sets = m.need_input and G[1].cond == nil
    if m.need_input then
        accs = {}
        for i = 1, L.n_in do
            -- g<input name>, or for an input read from a loop layer's array
            local name = xs[i].k == "var" and naming.grad(xs[i].name)
                or naming.temp("gin", k, i - 1)
            accs[i] = first_sets and ir.var(name) or b:decl(name, ir.num(0))
        end
    end
    -- each row's gradient once, before the column blocks; its step lr*d is
    -- recomputed in each block (one multiply per row and block) so that no
    -- value has to live across the whole layer
    local ds = {}
    for o = 0, L.n_out - 1 do
        if G[o + 1].cond == nil then
            ds[o + 1] = b:decl(naming.temp("d", k, o), G[o + 1].e)
        else
            -- a masked row's d is its bare expression, read inside the guard
            ds[o + 1] = G[o + 1].e
        end
    end
    local wat = anchors(b, naming.anchor("bw", k), "params", update ~= "sgd")
    local gat = anchors(b, naming.anchor("gw", k), "grad", false)
    local size = accs and BWD_BLOCK or BWD_BLOCK_NO_INPUT
    local bl = blocks(L.n_in, size)
    for bi, blk in ipairs(bl) do
        for o = 0, L.n_out - 1 do
            local row = L.w_off + o * L.n_in
            -- anchors first: they must be declared outside the row's guard
            local first, last = row + blk.first - 1, row + blk.last - 1
            local wp = wat(first, last)
            local gp = update == "grad" and gat(first, last)
            local bias_w, bias_g
            if L.bias and bi == #bl then
                bias_w = update == "sgd" and wat(L.b_off + o, L.b_off + o)(0)
                bias_g = update == "grad" and gat(L.b_off + o, L.b_off + o)(0)
            end
            local rb = b:when(G[o + 1].cond)
            local d, s = ds[o + 1], nil
            if update == "sgd" then
                s = rb:decl(naming.temp("s", k, o, bi), ir.mul(ir.var("lr"), d))
            end
            for i = blk.first, blk.last do
                local w = wp(i - blk.first)
                if accs then
                    if o == 0 and first_sets then
                        rb:decl(accs[i].name, ir.mul(w, d))
                    else
                        rb:assign(accs[i], "+=", ir.mul(w, d))
                    end
                end
                if update == "grad" then
                    rb:assign(gp(i - blk.first), "+=", ir.mul(d, xs[i]))
                elseif update == "sgd" then
                    rb:assign(w, "-=", ir.mul(s, xs[i]))
                end
            end
            if bias_g then
                rb:assign(bias_g, "+=", d)
            elseif bias_w then
                rb:assign(bias_w, "-=", s)
            end
        end
    end
    if not accs then
        return nil
    end
    local G_in = {}
    for i = 1, L.n_in do
        G_in[i] = { e = accs[i] }
    end
    return G_in
end

-- params + w_off + o * n_in, the start of row o inside a loop over o
local function row_offset(off, n_in)
    return ir.add(ir.int(off), ir.mul(ir.var("o"), ir.int(n_in)))
end

-- The loop forms ("rows", "loop"): the layer's input goes into an array
-- a<k>, the outputs into z<k>; each row is one iteration. The loop body
-- reaches its row through one pointer, the same way the unrolled code does.
local function forward_loop(b, L, xs)
    local k, n_in = L.k, L.n_in
    local a = b:array(naming.temp("a", k), n_in)
    for i = 1, n_in do
        b:assign(a(i - 1), "=", xs[i])
    end
    local z = b:array(L.var, L.n_out)
    local lb = b:loop("o", 0, L.n_out)
    local w = lb:ptr(naming.temp("fw", k), "params", row_offset(L.w_off, n_in), true)
    local acc
    if L.unroll == "mve" then
        -- the row's dot product in four lanes (the generated file's helper)
        acc = lb:decl(naming.temp("acc", k), ir.call(L.vec_prefix .. "_vdot",
            { ir.var(naming.temp("fw", k)), ir.var(naming.temp("a", k)), ir.int(n_in) }))
    else
        acc = lb:decl(naming.temp("acc", k), ir.mul(w(0), a(0)))
    end
    if L.unroll == "rows" then
        for i = 2, n_in do
            lb:assign(acc, "+=", ir.mul(w(i - 1), a(i - 1)))
        end
    elseif n_in > 1 and L.unroll ~= "mve" then
        local ib = lb:loop("i", 1, n_in)
        ib:assign(acc, "+=", ir.mul(w(ir.var("i")), a(ir.var("i"))))
    end
    if L.bias then
        lb:assign(acc, "+=", ir.idx("params", ir.add(ir.int(L.b_off), ir.var("o"))))
    end
    lb:assign(z(ir.var("o")), "=", acc)
    local ys = {}
    for o = 0, L.n_out - 1 do
        ys[o + 1] = z(o)
    end
    return ys
end

-- Backward in loops: the row gradients (masked: 0 behind a dead ReLU) go
-- into an array d<k>; a row whose gradient is 0 is skipped.
local function backward_loop(b, L, _, G, m)
    local update = L.trainable and m.update or nil
    local k, n_in = L.k, L.n_in
    local a = function(j)
        return ir.idx(naming.temp("a", k), j)
    end
    local dk = b:array(naming.temp("d", k), L.n_out)
    local masked = false
    for o = 0, L.n_out - 1 do
        local g = G[o + 1]
        masked = masked or g.cond ~= nil
        b:assign(dk(o), "=", g.cond and ir.sel(g.cond, g.e, ir.num(0)) or g.e)
    end
    local gk
    if m.need_input then
        gk = b:array(naming.temp("g", k), n_in)
        if L.unroll == "rows" then
            for i = 0, n_in - 1 do
                b:assign(gk(i), "=", ir.num(0))
            end
        else
            local zb = b:loop("i", 0, n_in)
            zb:assign(gk(ir.var("i")), "=", ir.num(0))
        end
    end
    local lb = b:loop("o", 0, L.n_out)
    local d = lb:decl(naming.temp("r", k), dk(ir.var("o")))
    local rb = masked and lb:when(ir.ne(d, ir.num(0))) or lb
    local s
    if update == "sgd" then
        s = rb:decl(naming.temp("s", k), ir.mul(ir.var("lr"), d))
    end
    local w = rb:ptr(naming.temp("bw", k), "params", row_offset(L.w_off, n_in), update ~= "sgd")
    local gw = update == "grad"
        and rb:ptr(naming.temp("gw", k), "grad", row_offset(L.w_off, n_in), false)
    local function body(bb, j)
        if gk then
            bb:assign(gk(j), "+=", ir.mul(w(j), d))
        end
        if update == "grad" then
            bb:assign(gw(j), "+=", ir.mul(d, a(j)))
        elseif update == "sgd" then
            bb:assign(w(j), "-=", ir.mul(s, a(j)))
        end
    end
    if L.unroll == "rows" then
        for i = 0, n_in - 1 do
            body(rb, i)
        end
    elseif L.unroll == "mve" then
        -- the row's operations element-wise in four lanes, in the order of
        -- body(): the input gradient reads each weight before its update
        local pre = L.vec_prefix
        local n = ir.int(n_in)
        local function var(role)
            return ir.var(naming.temp(role, k))
        end
        if gk then
            rb:vcall(pre .. "_vaxpy", { var("g"), var("bw"), d, n })
        end
        if update == "grad" then
            rb:vcall(pre .. "_vaxpy", { var("gw"), var("a"), d, n })
        elseif update == "sgd" then
            rb:vcall(pre .. "_vaxmy", { var("bw"), var("a"), s, n })
        end
    else
        body(rb:loop("i", 0, n_in), ir.var("i"))
    end
    if L.bias then
        local bo = ir.add(ir.int(L.b_off), ir.var("o"))
        if update == "grad" then
            rb:assign(ir.idx("grad", bo), "+=", d)
        elseif update == "sgd" then
            rb:assign(ir.idx("params", bo), "-=", s)
        end
    end
    if not gk then
        return nil
    end
    local G_in = {}
    for i = 1, n_in do
        G_in[i] = { e = gk(i - 1) }
    end
    return G_in
end

function M.forward(b, L, xs)
    if L.unroll == "rows" or L.unroll == "loop" or L.unroll == "mve" then
        return forward_loop(b, L, xs)
    end
    return forward_full(b, L, xs)
end

function M.backward(b, L, xs, _, G, m)
    if L.unroll == "rows" or L.unroll == "loop" or L.unroll == "mve" then
        return backward_loop(b, L, xs, G, m)
    end
    return backward_full(b, L, xs, G, m)
end

-- Multiply-adds of the forward pass, and of the backward pass when the
-- input gradient is (need_input) or is not needed.
function M.cost(L, need_input)
    local mac = L.n_in * L.n_out
    local bwd = (L.trainable and mac or 0) + (need_input and mac or 0)
    return mac, bwd
end

-- What backward does for the layer, for its comment.
function M.backward_what(L, own, need_input, masked)
    local parts = {}
    if own == "grad" then
        parts[#parts + 1] = "grad += dL/dW" .. L.k
    elseif own == "sgd" then
        parts[#parts + 1] = "W" .. L.k .. " -= lr dL/dW" .. L.k
    end
    if need_input then
        parts[#parts + 1] = "input gradient W^T d"
    end
    return table.concat(parts, ", ") .. (masked and ", rows of dead ReLU neurons skipped" or "")
end

-- What the layer's train_step code is made of, for the flash model
-- (cost.lua): straight-line code per parameter; a loop layer per input and
-- output (copies into and out of the loop's arrays, activations, masks)
-- plus a fixed part; "rows" adds its unrolled row body.
function M.features(L, kind)
    if kind == "full" then
        return { dense_param = M.n_params(L) }
    end
    local f = { dense_value = L.n_in + L.n_out, dense_loop = 1 }
    if kind == "rows" then
        f.dense_rows_input = L.n_in
    end
    return f
end

-- The reference math (reference.lua): plain loops in double, sharing
-- nothing with the lowering above. p is the flat parameter list (1-based
-- at offset + 1), x and the results are 1-based lists.
M.reference = {}

-- z_o = sum_i W[o][i] x_i (+ b_o)
function M.reference.forward(L, p, x)
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
end

-- g = dL/dz; adds dL/dW, dL/db into grad (unless frozen); returns dL/dx.
function M.reference.backward(L, p, x, _, g, grad)
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
end

-- A bound on |change of z_o| for changes of x bounded by B.
function M.reference.bound(L, p, _, B)
    local nb = {}
    for o = 1, L.n_out do
        local row = L.w_off + (o - 1) * L.n_in
        local s = 0
        for k = 1, L.n_in do
            if B[k] ~= 0 then
                s = s + math.abs(p[row + k]) * B[k]
            end
        end
        nb[o] = s
    end
    return nb
end

-- The unit changes of the output that a change of one parameter of output
-- row o makes, and by how much each parameter scales it: for dense only
-- z_o moves, by |x_i| for W[o][i] and by 1 for b_o.
function M.reference.channels(L)
    return L.n_out
end

function M.reference.channel_out(L, o)
    local B = {}
    for k = 1, L.n_out do
        B[k] = 0
    end
    B[o] = 1
    return B
end

-- For each parameter of channel o: its 0-based index and the largest
-- |input| it multiplies (1 for a bias).
function M.reference.channel_params(L, o, x)
    local list = {}
    local row = L.w_off + (o - 1) * L.n_in
    for i = 1, L.n_in do
        list[#list + 1] = { row + i - 1, math.abs(x[i]) }
    end
    if L.bias then
        list[#list + 1] = { L.b_off + o - 1, 1 }
    end
    return list
end

return M
