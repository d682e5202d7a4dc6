-- onnx_import: an ONNX graph as a network description (SPEC.md §1c).
-- Takes: the decoded model, the .onnx file's path (for messages) and the
-- description's loss. Gives: the description's input and layers, as if
-- written by hand in §1b, or one user error naming the node.
--
-- The graph must be one chain from its one input to its one output. Nodes
-- whose inputs are all constants (initializers, Constant nodes) are
-- evaluated here (Transpose, Identity, shape-only reshapes); BatchNormalization
-- and an Add of a constant fold into the Conv/Gemm/MatMul just before them, a
-- zero Pad into the next conv or pool, and a final Softmax/LogSoftmax under
-- softmax_cross_entropy is dropped (forward returns the logits).
local errors = require("flatprop.errors")
local onnx = require("flatprop.onnx")
local naming = require("flatprop.naming")
local util = require("flatprop.util")

local M = {}

M.supported = "Gemm, MatMul (+ Add), Conv, MaxPool, AveragePool, GlobalAveragePool, "
    .. "Flatten, Reshape, Relu, LeakyRelu, Sigmoid, Tanh; folded: BatchNormalization, "
    .. "Transpose of a constant, Pad (zeros), Identity, Dropout, Squeeze, Unsqueeze, a "
    .. "final Softmax/LogSoftmax"

local ACTIVATIONS = { Relu = "relu", LeakyRelu = "leaky_relu", Sigmoid = "sigmoid",
    Tanh = "tanh" }
local CONSTANT_OPS = { Constant = true, Transpose = true, Identity = true, Reshape = true,
    Squeeze = true, Unsqueeze = true, Flatten = true, Cast = true, ConstantOfShape = true,
    Concat = true, Slice = true }

local function dims_text(d)
    return "[" .. table.concat(d, ", ") .. "]"
end

local function product(d)
    local n = 1
    for _, v in ipairs(d) do
        n = n * v
    end
    return n
end

local same = require("flatprop.shape").equal

-- A list of numbers as "2, -1", the same text on every Lua.
local function shown(list)
    local parts = {}
    for i, v in ipairs(list) do
        parts[i] = util.show(v)
    end
    return table.concat(parts, ", ")
end

-- A flat row-major list as nested lists of dims.
local function nest(flat, dims)
    local pos = 0
    local function build(level)
        local out = {}
        if level == #dims then
            for k = 1, dims[level] do
                out[k] = flat[pos + k]
            end
            pos = pos + dims[level]
            return out
        end
        for k = 1, dims[level] do
            out[k] = build(level + 1)
        end
        return out
    end
    return build(1)
end

-- A transpose of flat `v` with `dims` by `perm` (0-based as in ONNX).
local function transpose(v, dims, perm)
    local n = #dims
    local out_dims, strides = {}, {}
    local s = 1
    for k = n, 1, -1 do
        strides[k] = s
        s = s * dims[k]
    end
    for k = 1, n do
        out_dims[k] = dims[perm[k] + 1]
    end
    local out, idx = {}, {}
    for k = 1, n do
        idx[k] = 0
    end
    for o = 1, #v do
        local src = 0
        for k = 1, n do
            src = src + idx[k] * strides[perm[k] + 1]
        end
        out[o] = v[src + 1]
        for k = n, 1, -1 do
            idx[k] = idx[k] + 1
            if idx[k] < out_dims[k] then
                break
            end
            idx[k] = 0
        end
    end
    return out, out_dims
end

-- A C identifier for the layer whose weights are the initializer `name`,
-- computed by `node`: the initializer's name without its ".weight", or, when
-- the exporter made that name up ("onnx::Conv_25"), the node's path without
-- its last part ("/conv1/Conv" -> conv1).
local function layer_name(name, node)
    local stem
    if name and name ~= "" and not name:match("^onnx::") then
        stem = name:gsub("[%.:_]?[Ww]eight$", ""):gsub("[%.:_]W$", "")
    end
    if (not stem or stem == "") and node.name and node.name:match("./") then
        stem = node.name:gsub("/[^/]*$", "")
    end
    if not stem or stem == "" then
        stem = name or node.name or ""
    end
    stem = stem:gsub("[^%w_]", "_"):gsub("__+", "_"):gsub("^_+", ""):gsub("_+$", "")
    if stem:match("^%d") or stem == "" then
        stem = "l" .. stem
    end
    if naming.layer_name_problem(stem) then
        stem = "l_" .. stem
    end
    return stem
end

-- Slice of constant x (ONNX opset 10+: starts, ends, axes, steps inputs).
function M.slice(x, starts, ends, axes, steps, label, fail)
    local n = #x.dims
    local lo, hi, st = {}, {}, {}
    for d = 1, n do
        lo[d], hi[d], st[d] = 0, x.dims[d], 1
    end
    for i = 1, #starts.values do
        local ax = axes and axes.values[i] or (i - 1)
        if ax < 0 then
            ax = ax + n
        end
        local size = x.dims[ax + 1]
        if not size then
            fail(label .. ": slices an axis its input does not have")
        end
        local step = steps and steps.values[i] or 1
        if step == 0 then
            fail(label .. ": a step of 0")
        end
        local function clamp(v, a, b)
            if v < 0 then
                v = v + size
            end
            return math.max(a, math.min(b, v))
        end
        if step > 0 then
            lo[ax + 1] = clamp(starts.values[i], 0, size)
            hi[ax + 1] = clamp(ends.values[i], 0, size)
        else
            lo[ax + 1] = clamp(starts.values[i], -1, size - 1)
            hi[ax + 1] = clamp(ends.values[i], -1, size - 1)
        end
        st[ax + 1] = step
    end
    local strides, s = {}, 1
    for d = n, 1, -1 do
        strides[d] = s
        s = s * x.dims[d]
    end
    local out, dims = {}, {}
    for d = 1, n do
        local c = math.ceil((hi[d] - lo[d]) / st[d])
        dims[d] = math.max(0, c)
    end
    local function walk(d, base)
        if d > n then
            out[#out + 1] = x.values[base + 1]
            return
        end
        for j = 0, dims[d] - 1 do
            walk(d + 1, base + (lo[d] + j * st[d]) * strides[d])
        end
    end
    walk(1, 0)
    return { dims = dims, values = out }
end

function M.import(model, path, loss)
    local graph = model.graph
    local opset = onnx.opset(model)
    local function fail(msg)
        errors.user(path, nil, msg)
    end
    local function node_label(node, k)
        local name = node.name and node.name ~= "" and ("'" .. node.name .. "'")
            or ("#" .. k)
        return string.format("node %s (%s)", name, node.op_type or "?")
    end

    -- constants: name -> { dims, values, source = initializer name }
    local consts = {}
    for _, t in ipairs(graph.initializer) do
        local v, why = onnx.values(t)
        if not v then
            fail(string.format("initializer '%s' %s", t.name or "?", why))
        end
        consts[t.name or ""] = { dims = t.dims, values = v, source = t.name }
    end

    local function attr(node, k, name, kind, default)
        local a = onnx.attribute(node, name)
        if not a then
            return default
        end
        local v
        if kind == "int" then
            v = a.i
        elseif kind == "float" then
            v = a.f
        elseif kind == "ints" then
            v = a.ints
        elseif kind == "string" then
            v = a.s
        elseif kind == "tensor" then
            v = a.t
        end
        if v == nil then
            fail(string.format("%s: attribute %s has no %s value", node_label(node, k), name,
                kind))
        end
        return v
    end

    -- Evaluate a node whose inputs are all constants; true when done.
    local function fold_constant(node, k)
        local op = node.op_type
        local out = node.output[1]
        local label = node_label(node, k)
        if op == "Slice" and #node.input < 3 then
            fail(label .. ": a Slice with its starts and ends as attributes (opset < 10) is "
                .. "not supported")
        end
        if not out or out == "" then
            fail(label .. ": has no output")
        end
        -- inputs a fold needs: present, and integer lists where they give sizes
        local function const_input(i, what)
            local c = consts[node.input[i] or ""]
            if not c then
                fail(string.format("%s: has no %s (input %d)", label, what, i))
            end
            return c
        end
        local function int_list(c, what)
            for _, v in ipairs(c.values) do
                if v ~= math.floor(v) then
                    fail(string.format("%s: its %s holds %s, not an integer", label, what,
                        util.show(v)))
                end
            end
            return c.values
        end
        if op == "Constant" then
            local t = attr(node, k, "value", "tensor")
            local c
            if t then
                local v, why = onnx.values(t)
                if not v then
                    fail(label .. ": its tensor " .. why)
                end
                c = { dims = t.dims, values = v }
            else
                local f = attr(node, k, "value_float", "float")
                local fs = onnx.attribute(node, "value_floats")
                local i = attr(node, k, "value_int", "int")
                local is = attr(node, k, "value_ints", "ints")
                if f then
                    c = { dims = {}, values = { f } }
                elseif i then
                    c = { dims = {}, values = { i } }
                elseif is then
                    c = { dims = { #is }, values = is }
                elseif fs then
                    c = { dims = { #fs.floats }, values = fs.floats }
                else
                    fail(label .. ": a Constant without a tensor, int or float value")
                end
            end
            consts[out] = c
            return true
        end
        local x = consts[node.input[1]]
        if op == "Identity" or op == "Cast" then
            consts[out] = x
        elseif op == "ConstantOfShape" then
            for _, n in ipairs(int_list(x, "shape")) do
                if n < 0 then
                    fail(string.format("%s: a negative dimension %s", label, util.show(n)))
                end
            end
            local t = attr(node, k, "value", "tensor")
            local v = 0
            if t then
                local vs, why = onnx.values(t)
                if not vs then
                    fail(label .. ": its value " .. why)
                end
                v = vs[1] or 0
            end
            local d = {}
            for i, n in ipairs(x.values) do
                d[i] = n
            end
            local n = product(d)
            if n > onnx.max_values then
                fail(label .. ": makes more than " .. onnx.max_values .. " values")
            end
            local values = {}
            for i = 1, n do
                values[i] = v
            end
            consts[out] = { dims = d, values = values }
        elseif op == "Concat" then
            -- along the first axis of 1-D or N-D constants: lists one after another
            local axis = attr(node, k, "axis", "int", 0)
            local values, first = {}, 0
            for i = 1, #node.input do
                local c = const_input(i, "input")
                if axis ~= 0 and axis ~= -#c.dims then
                    fail(label .. ": flatprop evaluates a Concat of constants along axis 0 only")
                end
                local same_rest = #c.dims == #x.dims
                for d = 2, #x.dims do
                    same_rest = same_rest and c.dims[d] == x.dims[d]
                end
                if not same_rest then
                    fail(label .. ": concatenates constants of different shapes")
                end
                for _, v in ipairs(c.values) do
                    values[#values + 1] = v
                end
                first = first + (c.dims[1] or 1)
            end
            local d = { first }
            for i = 2, #x.dims do
                d[i] = x.dims[i]
            end
            consts[out] = { dims = d, values = values }
        elseif op == "Slice" then
            local starts, ends = const_input(2, "starts"), const_input(3, "ends")
            int_list(starts, "starts")
            int_list(ends, "ends")
            if #ends.values ~= #starts.values then
                fail(label .. ": has " .. #starts.values .. " starts and " .. #ends.values
                    .. " ends")
            end
            consts[out] = M.slice(x, starts, ends,
                consts[node.input[4] or ""], consts[node.input[5] or ""], label, fail)
        elseif op == "Transpose" then
            local perm = attr(node, k, "perm", "ints")
            local n = #x.dims
            if not perm then
                perm = {}
                for i = 1, n do
                    perm[i] = n - i
                end
            end
            local seen = {}
            for _, p in ipairs(perm) do
                if p ~= math.floor(p) or p < 0 or p >= n or seen[p] then
                    perm = nil
                    break
                end
                seen[p] = true
            end
            if not perm or #perm ~= n then
                fail(string.format("%s: perm is not a permutation of its input's %d axes",
                    label, n))
            end
            local v, d = transpose(x.values, x.dims, perm)
            consts[out] = { dims = d, values = v, source = x.source }
        else -- reshapes of a constant: the values stay, the dims change
            local d
            if op == "Reshape" then
                local shp = int_list(const_input(2, "shape"), "shape")
                d = {}
                local known, free = 1, nil
                for i, s in ipairs(shp) do
                    if s == 0 then
                        s = x.dims[i]
                    end
                    if s == -1 and not free then
                        free = i
                    elseif not s or s < 0 then
                        fail(string.format("%s: cannot reshape to the shape (%s)", label,
                            shown(shp)))
                    else
                        known = known * s
                    end
                    d[i] = s
                end
                if free then
                    if known == 0 or #x.values % known ~= 0 then
                        fail(string.format("%s: cannot reshape %d values to the shape (%s)",
                            label, #x.values, shown(shp)))
                    end
                    d[free] = #x.values / known
                end
                if product(d) ~= #x.values then
                    fail(string.format("%s: cannot reshape %d values to the shape (%s)", label,
                        #x.values, shown(shp)))
                end
            else
                d = { product(x.dims) } -- Flatten, Squeeze, Unsqueeze: values as they are
            end
            consts[out] = { dims = d, values = x.values, source = x.source }
        end
        return true
    end

    -- Which node outputs are constants; how often each other value is read.
    local uses = {}
    local layer_nodes = {}
    for k, node in ipairs(graph.node) do
        local all_const = true
        for _, name in ipairs(node.input) do
            if name ~= "" and not consts[name] then
                all_const = false
            end
        end
        if (node.domain or "") ~= "" and node.domain ~= "ai.onnx" then
            fail(string.format("%s: the operator domain '%s' is not supported; supported: %s",
                node_label(node, k), node.domain, M.supported))
        end
        if CONSTANT_OPS[node.op_type] and all_const and #node.input > 0
            or node.op_type == "Constant" then
            fold_constant(node, k)
        else
            layer_nodes[#layer_nodes + 1] = k
            for _, name in ipairs(node.input) do
                if name ~= "" and not consts[name] then
                    uses[name] = (uses[name] or 0) + 1
                end
            end
        end
    end
    for _, o in ipairs(graph.output) do
        uses[o.name] = (uses[o.name] or 0) + 1
    end

    -- the one input
    local inputs = {}
    for _, vi in ipairs(graph.input) do
        if not consts[vi.name] then
            inputs[#inputs + 1] = vi
        end
    end
    if #inputs ~= 1 then
        fail(string.format("the graph has %d inputs besides its initializers; flatprop takes "
            .. "one", #inputs))
    end
    if #graph.output ~= 1 then
        fail(string.format("the graph has %d outputs; flatprop takes one", #graph.output))
    end
    local input = inputs[1]
    local tt = input.type and input.type.tensor_type
    if not tt or not tt.shape then
        fail("the graph's input '" .. tostring(input.name) .. "' has no tensor shape")
    end
    if tt.elem_type ~= onnx.FLOAT and tt.elem_type ~= onnx.DOUBLE then
        fail(string.format("the graph's input '%s' is %s; flatprop takes float32 or float64",
            input.name, onnx.type_name(tt.elem_type)))
    end
    local dims = tt.shape.dim
    if #dims < 2 or #dims > 4 then
        fail(string.format("the graph's input '%s' has %d axes; flatprop takes (batch, N), "
            .. "(batch, C, L) or (batch, C, H, W)", input.name, #dims))
    end
    local oshape = {}
    for i = 2, #dims do
        local d = dims[i].dim_value
        if not d or d < 1 then
            fail(string.format("the graph's input '%s' has axis %d of unknown size (%s); "
                .. "export it with a fixed size", input.name, i - 1,
                dims[i].dim_param and ("'" .. dims[i].dim_param .. "'") or "no size"))
        end
        if d > 1000000 then
            fail(string.format("the graph's input '%s' has axis %d of size %s, larger than "
                .. "the limit of 1000000", input.name, i - 1, util.show(d)))
        end
        oshape[#oshape + 1] = d
    end
    local in_shape = {}
    for i, d in ipairs(oshape) do
        in_shape[i] = d
    end

    local layers = {}
    local fshape = in_shape -- the network's shape of the current value
    local cur = input.name
    local last_param -- the layer a BatchNormalization or Add may fold into
    local pending_pad
    local used_names = {}
    local softmax_node

    local function unique(name)
        local n, k = name, 1
        while used_names[n:upper()] do
            k = k + 1
            n = name .. "_" .. k
        end
        used_names[n:upper()] = true
        return n
    end
    local function emit(L)
        layers[#layers + 1] = L
        last_param = (L.op == "dense" or L.op == "conv1d" or L.op == "conv2d") and L or nil
    end
    -- the current value as a vector for a dense layer
    local function as_vector(label)
        if #oshape ~= 1 then
            fail(string.format("%s: takes a (batch, N) input, its input is (batch, %s); "
                .. "flatten it first", label, table.concat(oshape, ", ")))
        end
        if #fshape > 1 then
            emit({ op = "flatten" })
            fshape = { product(fshape) }
        end
    end
    local function as_spatial(label, ndim)
        if #oshape ~= ndim + 1 or not same(oshape, fshape) then
            if #oshape == ndim + 1 then
                fail(string.format("%s: its input (batch, %s) comes from a Reshape that "
                    .. "flatprop cannot do (it reshapes to vectors only)", label,
                    table.concat(oshape, ", ")))
            end
            fail(string.format("%s: takes a (batch, C, %s) input, its input is (batch, %s)",
                label, ndim == 1 and "L" or "H, W", table.concat(oshape, ", ")))
        end
    end
    local function const_of(node, i, label, what)
        local c = consts[node.input[i] or ""]
        if not c then
            fail(string.format("%s: its %s ('%s') must be an initializer or a constant",
                label, what, tostring(node.input[i])))
        end
        return c
    end
    local function no_pad(label)
        if pending_pad then
            fail(label .. ": a Pad before it; a zero Pad is folded only into the next Conv, "
                .. "MaxPool or AveragePool")
        end
    end
    local function check_unused_outputs(node, label)
        for i = 2, #node.output do
            if node.output[i] ~= "" and uses[node.output[i]] then
                fail(string.format("%s: its output %d ('%s') is used; flatprop computes the "
                    .. "first output only", label, i, node.output[i]))
            end
        end
    end
    -- a constant to add to every output of layer L (bias folding)
    local function add_bias(L, c, label)
        local O = L.out
        local n = #c.values
        if n ~= 1 and n ~= O then
            fail(string.format("%s: adds a constant of %s to %d outputs; flatprop folds a "
                .. "scalar or one value per output into the bias", label, dims_text(c.dims), O))
        end
        L.flatb = L.flatb or {}
        for o = 1, O do
            L.flatb[o] = (L.flatb[o] or 0) + c.values[n == 1 and 1 or o]
        end
        L.bias = true
    end
    -- padding { {before, after}, ... } of a conv or pool node
    local function node_pads(node, k, label, ndim, kernel, stride, dilation, sizes)
        local auto = attr(node, k, "auto_pad", "string", "NOTSET")
        local pads = {}
        if auto == "NOTSET" then
            local p = attr(node, k, "pads", "ints", {})
            if #p ~= 0 and #p ~= 2 * ndim then
                fail(string.format("%s: pads has %d entries, expected %d", label, #p, 2 * ndim))
            end
            for d = 1, ndim do
                local b, a = p[d] or 0, p[d + ndim] or 0
                if b < 0 or a < 0 then
                    fail(label .. ": negative pads are not supported")
                end
                pads[d] = { b, a }
            end
        elseif auto == "VALID" then
            for d = 1, ndim do
                pads[d] = { 0, 0 }
            end
        elseif auto == "SAME_UPPER" or auto == "SAME_LOWER" then
            for d = 1, ndim do
                local out = math.ceil(sizes[d] / stride[d])
                local total = math.max(0, (out - 1) * stride[d] + (kernel[d] - 1) * dilation[d]
                    + 1 - sizes[d])
                local small = math.floor(total / 2)
                if auto == "SAME_UPPER" then
                    pads[d] = { small, total - small }
                else
                    pads[d] = { total - small, small }
                end
            end
        else
            fail(string.format("%s: auto_pad '%s' is not one of NOTSET, SAME_UPPER, "
                .. "SAME_LOWER, VALID", label, auto))
        end
        return pads
    end
    local function per_dim_attr(node, k, label, name, ndim, default)
        local v = attr(node, k, name, "ints")
        if not v then
            local out = {}
            for d = 1, ndim do
                out[d] = default
            end
            return out
        end
        if #v ~= ndim then
            fail(string.format("%s: %s has %d entries, expected %d", label, name, #v, ndim))
        end
        for d = 1, ndim do
            if v[d] < 1 then
                fail(string.format("%s: %s must be positive, got %s", label, name,
                    dims_text(v)))
            end
        end
        return v
    end
    local function out_size(size, pads, k, s, d, label)
        local o = math.floor((size + pads[1] + pads[2] - d * (k - 1) - 1) / s) + 1
        if o < 1 then
            fail(string.format("%s: its window (%d) is larger than its padded input (%d)",
                label, d * (k - 1) + 1, size + pads[1] + pads[2]))
        end
        return o
    end

    local handlers = {}

    function handlers.Gemm(node, k, label)
        as_vector(label)
        no_pad(label)
        if attr(node, k, "transA", "int", 0) ~= 0 then
            fail(label .. ": transA = 1 is not supported (the input must be A)")
        end
        local transB = attr(node, k, "transB", "int", 0)
        local alpha = attr(node, k, "alpha", "float", 1)
        local beta = attr(node, k, "beta", "float", 1)
        local B = const_of(node, 2, label, "B")
        local n_in = fshape[1]
        if #B.dims ~= 2 then
            fail(string.format("%s: B is %s, expected a matrix", label, dims_text(B.dims)))
        end
        local out = transB ~= 0 and B.dims[1] or B.dims[2]
        local inn = transB ~= 0 and B.dims[2] or B.dims[1]
        if inn ~= n_in then
            fail(string.format("%s: B is %s%s, its input has %d values", label,
                dims_text(B.dims), transB ~= 0 and " (transB)" or "", n_in))
        end
        local w = B.values
        if transB == 0 then
            w = transpose(w, B.dims, { 1, 0 })
        end
        local flat = {}
        for i = 1, #w do
            flat[i] = alpha * w[i]
        end
        local L = { op = "dense", out = out, flatw = flat, wdims = { out, n_in },
            name = unique(layer_name(B.source, node)), bias = false }
        if node.input[3] and node.input[3] ~= "" then
            local C = const_of(node, 3, label, "C")
            if #C.dims > 2 or (#C.dims == 2 and C.dims[1] ~= 1) then
                fail(string.format("%s: C is %s; flatprop takes a bias that is a scalar or "
                    .. "one value per output", label, dims_text(C.dims)))
            end
            local scaled = { dims = C.dims, values = {} }
            for i, v in ipairs(C.values) do
                scaled.values[i] = beta * v
            end
            add_bias(L, scaled, label)
        end
        emit(L)
        fshape, oshape = { out }, { out }
    end

    function handlers.MatMul(node, _, label)
        as_vector(label)
        no_pad(label)
        if node.input[1] ~= cur then
            fail(label .. ": the previous value must be its first input")
        end
        local B = const_of(node, 2, label, "second input")
        if #B.dims ~= 2 or B.dims[1] ~= fshape[1] then
            fail(string.format("%s: its weights are %s, its input has %d values (expected "
                .. "[%d, out])", label, dims_text(B.dims), fshape[1], fshape[1]))
        end
        local out = B.dims[2]
        local w = transpose(B.values, B.dims, { 1, 0 })
        emit({ op = "dense", out = out, flatw = w, wdims = { out, fshape[1] }, bias = false,
            name = unique(layer_name(B.source, node)) })
        fshape, oshape = { out }, { out }
    end

    function handlers.Add(node, _, label)
        local c = consts[node.input[1]] or consts[node.input[2]]
        if not c then
            fail(label .. ": adds two computed values (the graph branches, as in a residual "
                .. "connection); flatprop takes a chain. Supported: " .. M.supported)
        end
        if not last_param then
            fail(label .. ": an Add of a constant folds only into the bias of a directly "
                .. "preceding Conv, Gemm or MatMul")
        end
        if last_param.op ~= "dense" then
            local O = last_param.out
            local ok = #c.values == 1 or (#c.values == O and c.dims[#c.dims - #fshape + 1] == O)
            if not ok then
                fail(string.format("%s: adds a constant of %s to a (%s) output; flatprop "
                    .. "folds one value per channel into the bias", label, dims_text(c.dims),
                    table.concat(fshape, ", ")))
            end
        end
        no_pad(label)
        add_bias(last_param, c, label)
    end

    function handlers.BatchNormalization(node, k, label)
        if not last_param then
            fail(label .. ": BatchNormalization is folded only into a directly preceding "
                .. "Conv, Gemm or MatMul")
        end
        if attr(node, k, "training_mode", "int", 0) ~= 0 then
            fail(label .. ": training_mode = 1 (export the model in eval mode)")
        end
        check_unused_outputs(node, label)
        local eps = attr(node, k, "epsilon", "float", 1e-5)
        local s = const_of(node, 2, label, "scale")
        local b = const_of(node, 3, label, "B")
        local m = const_of(node, 4, label, "mean")
        local v = const_of(node, 5, label, "var")
        local L = last_param
        local O = L.out
        for _, t in ipairs({ s, b, m, v }) do
            if #t.values ~= O then
                fail(string.format("%s: a parameter of %s for %d channels", label,
                    dims_text(t.dims), O))
            end
        end
        local per = #L.flatw / O
        L.flatb = L.flatb or {}
        for o = 1, O do
            local f = s.values[o] / math.sqrt(v.values[o] + eps)
            for j = (o - 1) * per + 1, o * per do
                L.flatw[j] = L.flatw[j] * f
            end
            L.flatb[o] = ((L.flatb[o] or 0) - m.values[o]) * f + b.values[o]
        end
        L.bias = true
    end

    function handlers.Conv(node, k, label)
        local W = const_of(node, 2, label, "weights")
        local ndim = #W.dims - 2
        if ndim ~= 1 and ndim ~= 2 then
            fail(string.format("%s: weights %s; flatprop takes 1-D and 2-D convolutions",
                label, dims_text(W.dims)))
        end
        as_spatial(label, ndim)
        local kernel = {}
        for d = 1, ndim do
            kernel[d] = W.dims[d + 2]
        end
        local ks = attr(node, k, "kernel_shape", "ints")
        if ks and not same(ks, kernel) then
            fail(string.format("%s: kernel_shape %s differs from its weights %s", label,
                dims_text(ks), dims_text(W.dims)))
        end
        local stride = per_dim_attr(node, k, label, "strides", ndim, 1)
        local dilation = per_dim_attr(node, k, label, "dilations", ndim, 1)
        local group = attr(node, k, "group", "int", 1)
        local C = fshape[1]
        if group < 1 or W.dims[2] * group ~= C or W.dims[1] % group ~= 0 then
            fail(string.format("%s: weights %s with group %d do not fit %d input channels",
                label, dims_text(W.dims), group, C))
        end
        local sizes = { fshape[2], fshape[3] }
        local pads = node_pads(node, k, label, ndim, kernel, stride, dilation, sizes)
        if pending_pad then
            for d = 1, ndim do
                pads[d][1] = pads[d][1] + pending_pad[d][1]
                pads[d][2] = pads[d][2] + pending_pad[d][2]
            end
            pending_pad = nil
        end
        local out_shape = { W.dims[1] }
        for d = 1, ndim do
            out_shape[d + 1] = out_size(sizes[d], pads[d], kernel[d], stride[d], dilation[d],
                label)
        end
        local L = { op = "conv" .. ndim .. "d", out = W.dims[1], kernel = kernel,
            stride = stride, dilation = dilation, groups = group, padding = pads,
            flatw = W.values, wdims = W.dims, bias = false,
            name = unique(layer_name(W.source, node)) }
        if node.input[3] and node.input[3] ~= "" then
            add_bias(L, const_of(node, 3, label, "bias"), label)
        end
        local copy = {}
        for i, v in ipairs(L.flatw) do
            copy[i] = v
        end
        L.flatw = copy -- BatchNormalization may scale it
        emit(L)
        fshape, oshape = out_shape, util.flatten(out_shape)
    end

    local function pool(node, k, label, kind)
        local ndim = #oshape - 1
        if ndim ~= 1 and ndim ~= 2 then
            fail(string.format("%s: takes a (batch, C, L) or (batch, C, H, W) input, its input "
                .. "is (batch, %s)", label, table.concat(oshape, ", ")))
        end
        as_spatial(label, ndim)
        check_unused_outputs(node, label)
        local kernel = attr(node, k, "kernel_shape", "ints")
        if not kernel or #kernel ~= ndim then
            fail(label .. ": kernel_shape must give one size per spatial axis")
        end
        if attr(node, k, "ceil_mode", "int", 0) ~= 0 then
            fail(label .. ": ceil_mode = 1 is not supported (PyTorch's default floor mode is)")
        end
        local dil = per_dim_attr(node, k, label, "dilations", ndim, 1)
        for d = 1, ndim do
            if dil[d] ~= 1 then
                fail(label .. ": dilations other than 1 are not supported in pooling")
            end
        end
        if attr(node, k, "storage_order", "int", 0) ~= 0 then
            fail(label .. ": storage_order = 1 is not supported")
        end
        local stride = per_dim_attr(node, k, label, "strides", ndim, 1)
        local sizes = { fshape[2], fshape[3] }
        local pads = node_pads(node, k, label, ndim, kernel, stride, dil, sizes)
        local own = false
        for d = 1, ndim do
            own = own or pads[d][1] > 0 or pads[d][2] > 0
        end
        local include = attr(node, k, "count_include_pad", "int", 0) ~= 0
        if pending_pad then
            if kind == "max" then
                local prev = layers[#layers]
                if not prev or (prev.op ~= "relu" and prev.op ~= "sigmoid") then
                    fail(label .. ": a zero Pad before MaxPool is folded only after Relu or "
                        .. "Sigmoid (then zeros never win the max)")
                end
            elseif own and not include then
                fail(label .. ": a zero Pad before an AveragePool that pads itself without "
                    .. "count_include_pad: its window counts would differ")
            end
            for d = 1, ndim do
                pads[d][1] = pads[d][1] + pending_pad[d][1]
                pads[d][2] = pads[d][2] + pending_pad[d][2]
            end
            pending_pad = nil
            include = true
        end
        local padding = {}
        for d = 1, ndim do
            if pads[d][1] ~= pads[d][2] then
                fail(string.format("%s: pads %d before and %d after; flatprop pools with the "
                    .. "same padding on both sides", label, pads[d][1], pads[d][2]))
            end
            if 2 * pads[d][1] > kernel[d] then
                fail(string.format("%s: padding %d is more than half the kernel (%d)", label,
                    pads[d][1], kernel[d]))
            end
            padding[d] = pads[d][1]
        end
        local out_shape = { fshape[1] }
        for d = 1, ndim do
            out_shape[d + 1] = out_size(sizes[d], pads[d], kernel[d], stride[d], 1, label)
        end
        local L = { op = kind .. "pool" .. ndim .. "d", kernel = kernel, stride = stride,
            padding = padding }
        if kind == "avg" then
            L.count_include_pad = include
        end
        emit(L)
        fshape, oshape = out_shape, util.flatten(out_shape)
    end
    function handlers.MaxPool(node, k, label)
        pool(node, k, label, "max")
    end
    function handlers.AveragePool(node, k, label)
        pool(node, k, label, "avg")
    end

    function handlers.GlobalAveragePool(_, _, label)
        if #oshape < 2 then
            fail(label .. ": takes a (batch, C, ...) input, its input is a vector")
        end
        as_spatial(label, #oshape - 1)
        no_pad(label)
        emit({ op = "global_avgpool" })
        fshape = { fshape[1] }
        local o = { fshape[1] }
        for i = 2, #oshape do
            o[i] = 1
        end
        oshape = o
    end

    local function reshape_to(new, label)
        if product(new) ~= product(oshape) then
            fail(string.format("%s: reshapes %d values to (batch, %s)", label, product(oshape),
                table.concat(new, ", ")))
        end
        oshape = new
    end
    function handlers.Flatten(node, k, label)
        no_pad(label)
        local axis = attr(node, k, "axis", "int", 1)
        if axis ~= 1 and axis ~= -#oshape then
            fail(string.format("%s: axis %d; flatprop flattens from axis 1 (the batch stays)",
                label, axis))
        end
        reshape_to({ product(oshape) }, label)
    end
    function handlers.Reshape(node, k, label)
        no_pad(label)
        local s = const_of(node, 2, label, "shape")
        if attr(node, k, "allowzero", "int", 0) ~= 0 then
            fail(label .. ": allowzero = 1 is not supported")
        end
        local v = s.values
        if #v < 2 then
            fail(string.format("%s: reshapes to %s, which drops the batch axis", label,
                dims_text(v)))
        end
        local full = { 1 }
        for _, d in ipairs(oshape) do
            full[#full + 1] = d
        end
        local new, free, known = {}, nil, 1
        for i = 2, #v do
            local d = v[i]
            if d == 0 then
                d = full[i]
                if not d then
                    fail(label .. ": shape copies an axis that its input does not have")
                end
            end
            if d == -1 then
                if free then
                    fail(label .. ": shape has two -1 entries")
                end
                free = i - 1
            elseif d < 1 then
                fail(string.format("%s: shape %s", label, dims_text(v)))
            else
                known = known * d
            end
            new[i - 1] = d
        end
        if free then
            new[free] = product(oshape) / known
        end
        if v[1] ~= 0 and v[1] ~= -1 and v[1] < 1 then
            fail(string.format("%s: shape %s", label, dims_text(v)))
        end
        reshape_to(new, label)
    end
    local function axes_of(node, k, label)
        local a = attr(node, k, "axes", "ints")
        if not a and node.input[2] and node.input[2] ~= "" then
            a = const_of(node, 2, label, "axes").values
        end
        return a
    end
    function handlers.Squeeze(node, k, label)
        no_pad(label)
        local a = axes_of(node, k, label)
        local rank = #oshape + 1
        local drop = {}
        if a then
            for _, ax in ipairs(a) do
                if ax < 0 then
                    ax = ax + rank
                end
                if ax <= 0 or ax >= rank or oshape[ax] ~= 1 then
                    fail(string.format("%s: squeezes axis %d of (batch, %s)", label, ax,
                        table.concat(oshape, ", ")))
                end
                drop[ax] = true
            end
        else
            for i, d in ipairs(oshape) do
                drop[i] = d == 1
            end
        end
        local new = {}
        for i, d in ipairs(oshape) do
            if not drop[i] then
                new[#new + 1] = d
            end
        end
        if #new == 0 then
            new = { 1 }
        end
        reshape_to(new, label)
    end
    function handlers.Unsqueeze(node, k, label)
        no_pad(label)
        local a = axes_of(node, k, label)
        if not a then
            fail(label .. ": no axes")
        end
        local rank = #oshape + 1 + #a
        local at = {}
        for _, ax in ipairs(a) do
            if ax < 0 then
                ax = ax + rank
            end
            if ax <= 0 or ax >= rank then
                fail(string.format("%s: unsqueezes axis %d (the batch stays first)", label, ax))
            end
            at[ax] = true
        end
        local new, j = {}, 1
        for i = 1, rank - 1 do
            if at[i] then
                new[i] = 1
            else
                new[i] = oshape[j]
                j = j + 1
            end
        end
        reshape_to(new, label)
    end
    function handlers.Identity(_, _, label)
        no_pad(label)
    end
    function handlers.Dropout(node, _, label)
        no_pad(label)
        check_unused_outputs(node, label)
        local tm = node.input[3]
        if tm and tm ~= "" then
            local c = consts[tm]
            if not c or c.values[1] ~= 0 then
                fail(label .. ": training_mode must be a constant false")
            end
        end
    end
    function handlers.Pad(node, k, label)
        no_pad(label)
        local mode = attr(node, k, "mode", "string", "constant")
        if mode ~= "constant" then
            fail(string.format("%s: mode '%s'; flatprop folds zero padding only", label, mode))
        end
        local p = attr(node, k, "pads", "ints")
        if not p then
            p = const_of(node, 2, label, "pads").values
        end
        local value = attr(node, k, "value", "float", 0)
        if node.input[3] and node.input[3] ~= "" then
            value = const_of(node, 3, label, "constant value").values[1] or 0
        end
        if value ~= 0 then
            fail(string.format("%s: pads with %s; flatprop folds zero padding only", label,
                util.show(value)))
        end
        local rank = #oshape + 1
        if #p ~= 2 * rank then
            fail(string.format("%s: pads has %d entries, expected %d", label, #p, 2 * rank))
        end
        if p[1] ~= 0 or p[rank + 1] ~= 0 or p[2] ~= 0 or p[rank + 2] ~= 0 then
            fail(label .. ": pads the batch or channel axis; flatprop folds spatial padding only")
        end
        pending_pad = {}
        for d = 3, rank do
            if p[d] < 0 or p[d + rank] < 0 then
                fail(label .. ": negative pads (cropping) are not supported")
            end
            pending_pad[d - 2] = { p[d], p[d + rank] }
        end
    end
    local function softmax(node, k, label)
        if loss ~= "softmax_cross_entropy" then
            fail(string.format("%s: a final %s is folded only under softmax_cross_entropy "
                .. "(whose loss includes the softmax); the description's loss is %s", label,
                node.op_type, util.show(loss)))
        end
        local axis = attr(node, k, "axis", "int", opset >= 13 and -1 or 1)
        if #oshape ~= 1 or (axis ~= 1 and axis ~= -1) then
            fail(string.format("%s: over axis %d of (batch, %s); flatprop folds a softmax over "
                .. "the classes of a vector", label, axis, table.concat(oshape, ", ")))
        end
        softmax_node = k
    end
    handlers.Softmax = softmax
    handlers.LogSoftmax = softmax

    for _, k in ipairs(layer_nodes) do
        local node = graph.node[k]
        local label = node_label(node, k)
        if softmax_node then
            fail(string.format("%s: comes after the final %s, which flatprop folds only at "
                .. "the end", label, graph.node[softmax_node].op_type))
        end
        local data = {}
        for _, name in ipairs(node.input) do
            if name ~= "" and not consts[name] then
                data[#data + 1] = name
            end
        end
        local op = node.op_type or "?"
        if #data ~= 1 then
            if #data == 0 then
                fail(string.format("%s: all its inputs are constants, and flatprop evaluates "
                    .. "only Transpose, Identity and reshapes of constants", label))
            end
            fail(string.format("%s: combines %d computed values (the graph branches); "
                .. "flatprop takes a chain. Supported: %s", label, #data, M.supported))
        end
        if data[1] ~= cur then
            fail(string.format("%s: reads '%s', not the output of the node before it (the "
                .. "graph branches or is not in order); flatprop takes a chain", label, data[1]))
        end
        if (uses[cur] or 0) > 1 then
            fail(string.format("%s: '%s' is read by %d nodes (the graph branches); flatprop "
                .. "takes a chain", label, cur, uses[cur]))
        end
        local act = ACTIVATIONS[op]
        if act then
            no_pad(label)
            local L = { op = act }
            if op == "LeakyRelu" then
                L.slope = attr(node, k, "alpha", "float", 0.01)
            end
            emit(L)
        elseif handlers[op] then
            handlers[op](node, k, label)
        else
            fail(string.format("%s: not supported; supported: %s", label, M.supported))
        end
        if not node.output[1] or node.output[1] == "" then
            fail(label .. ": has no output")
        end
        cur = node.output[1]
    end
    no_pad("the end of the graph")
    if cur ~= graph.output[1].name then
        fail(string.format("the graph's output '%s' is not the end of its chain of nodes "
            .. "('%s')", tostring(graph.output[1].name), cur))
    end

    -- the description's layers: weights nested as §1b has them
    for _, L in ipairs(layers) do
        if L.flatw then
            L.weights = nest(L.flatw, L.wdims)
            if L.bias then
                L.biases = L.flatb
            end
            L.flatw, L.flatb, L.wdims = nil, nil, nil
        end
    end
    local input_field = #in_shape == 1 and in_shape[1] or in_shape
    return {
        input = input_field,
        layers = layers,
        softmax = softmax_node and graph.node[softmax_node].op_type,
        input_name = input.name,
        output_name = graph.output[1].name,
        elem_type = tt.elem_type,
    }
end

-- The description fields that go with onnx.
M.fields = { "name", "onnx", "loss", "train" }
M.max_bytes = 256 * 1024 * 1024

local function read(path)
    local f, err = io.open(path, "rb")
    if not f then
        errors.user(path, nil, "cannot read the ONNX model: "
            .. tostring(err):gsub("^[^:]*: ", ""))
    end
    local s = f:read(M.max_bytes + 1) or ""
    f:close()
    if #s > M.max_bytes then
        errors.user(path, nil, string.format("the ONNX model is larger than %d MiB",
            M.max_bytes / 1048576))
    end
    return s
end

-- A description that names an ONNX model, expanded to input and layers.
-- Records the model's path and what the import found in where.onnx.
function M.expand(desc, where)
    local load = require("flatprop.load")
    local npy = require("flatprop.npy")
    local file = where.file
    local function fail(key, msg)
        errors.user(file, load.line_of(where, key and { key } or {}, { desc }), msg)
    end
    for _, k in ipairs(util.unknown_keys(desc, M.fields)) do
        if k == "input" or k == "layers" then
            fail(k, "field '" .. k .. "' cannot go with onnx: the input and the layers come "
                .. "from the ONNX model")
        end
        fail(type(k) == "string" and k or nil, "unknown field " .. util.show(k)
            .. (type(k) == "string" and util.suggest(k, M.fields) or "")
            .. " (with onnx the fields are " .. table.concat(M.fields, ", ") .. ")")
    end
    if type(desc.onnx) ~= "string" or desc.onnx == "" then
        fail("onnx", "onnx must be the path of an .onnx file, got " .. util.show(desc.onnx))
    end
    local path = where.onnx_path or npy.resolve(file, desc.onnx)
    local model, why = onnx.decode(read(path))
    if not model then
        errors.user(path, nil, why)
    end
    local r = M.import(model, path, desc.loss)
    local names, by_name = {}, {}
    for _, L in ipairs(r.layers) do
        if L.name then
            names[#names + 1] = L.name
            by_name[L.name] = L
        end
    end
    if desc.train ~= nil then
        local n = type(desc.train) == "table" and util.array_len(desc.train)
        if not n then
            fail("train", "train must be a list of layer names, got " .. util.show(desc.train))
        end
        local keep = {}
        for i = 1, n do
            local v = desc.train[i]
            if not by_name[v] then
                errors.user(file, load.line_of(where, { "train", i }, { desc, desc.train }),
                    string.format("train[%d]: no layer %s in %s (its layers: %s)", i,
                        util.show(v), desc.onnx, table.concat(names, ", ")))
            end
            keep[v] = true
        end
        for _, L in ipairs(r.layers) do
            if L.name then
                L.trainable = keep[L.name] == true
            end
        end
    end
    where.onnx = { path = path, import = r }
    return { name = desc.name, input = r.input, layers = r.layers, loss = desc.loss }
end

return M
