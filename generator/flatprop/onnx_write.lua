-- onnx_write: a network and a parameter blob as an ONNX model (--write-onnx).
-- Takes: the checked network, where it was described, and the path of a
-- blob saved by the runtime. Gives: the bytes of an .onnx file holding the
-- network's graph (after the import's folding: BatchNormalization already in
-- the weights, no Pad, Dropout or final Softmax) with the blob's parameters
-- as its initializers, or a user error (the blob is checked first, as the
-- runtime's loader checks it).
--
-- Every layer becomes one node of opset 13: dense -> Gemm (transB = 1,
-- PyTorch's Linear layout), conv -> Conv with explicit pads, pools ->
-- MaxPool/AveragePool, global_avgpool -> GlobalAveragePool then Flatten,
-- flatten -> Flatten, activations -> Relu, LeakyRelu, Sigmoid, Tanh,
-- identity -> Identity. The input's batch axis is named "N". Initializers are
-- named LAYER.weight and LAYER.bias, as PyTorch's state_dict names them.
local blob = require("flatprop.blob")
local errors = require("flatprop.errors")
local onnx = require("flatprop.onnx")
local scalar = require("flatprop.scalar")
local version = require("flatprop.version")

local M = {}

M.OPSET = 13

local ACT = { relu = "Relu", sigmoid = "Sigmoid", tanh = "Tanh", leaky_relu = "LeakyRelu",
    identity = "Identity" }

local function read(path)
    local f, err = io.open(path, "rb")
    if not f then
        errors.user(path, nil, "cannot read the parameter blob: "
            .. tostring(err):gsub("^[^:]*: ", ""))
    end
    local s = f:read("*a") or ""
    f:close()
    return s
end

local function slice(values, off, n)
    local out = {}
    for i = 1, n do
        out[i] = values[off + i]
    end
    return out
end

local function ints(name, v)
    return { name, kind = "ints", value = v }
end

-- The .onnx bytes of `net` with the parameters of the blob at blob_path.
function M.file(net, where, blob_path)
    local values, why = blob.decode(net, read(blob_path))
    if not values then
        errors.user(blob_path, nil, "the blob " .. why)
    end
    return M.encode(net, values, where and where.onnx and where.onnx.import)
end

-- The .onnx bytes of `net` with parameters `values` (a flat list in the
-- network's layout); `names` (optional) the imported input and output names.
function M.encode(net, values, names)
    local st = scalar.of(net.type)
    local double = st.onnx == "DOUBLE"
    local elem = onnx[st.onnx]
    local nodes, inits = {}, {}
    local input = names and names.input_name or "input"
    local output = names and names.output_name or "output"
    local cur = input
    local count = 0
    local function node(op, extra_inputs, attrs, out)
        count = count + 1
        local name = op .. "_" .. count
        out = out or (name .. "_out")
        local ins = { cur }
        for _, v in ipairs(extra_inputs or {}) do
            ins[#ins + 1] = v
        end
        nodes[#nodes + 1] = { name = name, op_type = op, input = ins, output = { out },
            attrs = attrs }
        cur = out
    end
    local function tensor(L, T)
        local name = L.name .. (T.bias and ".bias" or ".weight")
        inits[#inits + 1] = onnx.encode_tensor(name, T.shape, slice(values, T.off, T.size),
            double)
        return name
    end
    for _, L in ipairs(net.layers) do
        local op = L.op
        if op == "dense" then
            local ins = {}
            for _, T in ipairs(L.tensors) do
                ins[#ins + 1] = tensor(L, T)
            end
            node("Gemm", ins, { { "transB", kind = "int", value = 1 } })
        elseif op == "conv1d" or op == "conv2d" then
            local ins = {}
            for _, T in ipairs(L.tensors) do
                ins[#ins + 1] = tensor(L, T)
            end
            local before, after = {}, {}
            for d = 1, L.ndim do
                before[d], after[d] = L.pads[d][1], L.pads[d][2]
            end
            for d = 1, L.ndim do
                before[#before + 1] = after[d]
            end
            node("Conv", ins, { ints("kernel_shape", L.kernel), ints("strides", L.stride),
                ints("dilations", L.dilation), { "group", kind = "int", value = L.groups },
                ints("pads", before) })
        elseif op:match("pool%dd$") then
            local pads = {}
            for d = 1, #L.kernel do
                pads[d], pads[d + #L.kernel] = L.padding[d], L.padding[d]
            end
            local attrs = { ints("kernel_shape", L.kernel), ints("strides", L.stride),
                ints("pads", pads) }
            if not L.max then
                attrs[#attrs + 1] = { "count_include_pad", kind = "int",
                    value = L.count_include_pad and 1 or 0 }
            end
            node(L.max and "MaxPool" or "AveragePool", nil, attrs)
        elseif op == "global_avgpool" then
            node("GlobalAveragePool")
            node("Flatten", nil, { { "axis", kind = "int", value = 1 } })
        elseif op == "flatten" then
            node("Flatten", nil, { { "axis", kind = "int", value = 1 } })
        elseif ACT[op] then
            local attrs
            if op == "leaky_relu" then
                attrs = { { "alpha", kind = "float", value = L.slope } }
            end
            node(ACT[op], nil, attrs)
        else
            errors.bug("--write-onnx: no ONNX node for layer kind " .. op)
        end
    end
    -- the last node's output is the graph's output
    nodes[#nodes].output[1] = output
    for i, n in ipairs(nodes) do
        nodes[i] = onnx.encode_node(n)
    end
    local in_dims = { "N" }
    for _, d in ipairs(net.in_shape) do
        in_dims[#in_dims + 1] = d
    end
    local out_dims = { "N" }
    for _, d in ipairs(net.out_shape) do
        out_dims[#out_dims + 1] = d
    end
    return onnx.encode_model({
        name = net.name,
        nodes = nodes,
        initializers = inits,
        inputs = { onnx.encode_value_info(input, elem, in_dims) },
        outputs = { onnx.encode_value_info(output, elem, out_dims) },
    }, M.OPSET, "flatprop " .. version.string)
end

return M
