-- onnx: the ONNX messages flatprop reads and writes (onnx.proto's field
-- numbers), on top of the protobuf wire format.
-- Takes: the bytes of an .onnx file. Gives: the model as Lua tables
-- (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
-- ValueInfoProto) and each tensor's values as a flat list of numbers, or
-- nil and what is wrong; and the encoders --write-onnx uses.
local protobuf = require("flatprop.protobuf")
local util = require("flatprop.util")

local M = {}

M.max_values = 16777216

local function message(name, fields)
    return { name = name, fields = fields }
end

local Entry = message("StringStringEntryProto", {
    [1] = { "key", "string" }, [2] = { "value", "string" },
})

local Tensor = message("TensorProto", {
    [1] = { "dims", "int64", repeated = true },
    [2] = { "data_type", "int32" },
    [4] = { "float_data", "float", repeated = true },
    [5] = { "int32_data", "int32", repeated = true },
    [7] = { "int64_data", "int64", repeated = true },
    [8] = { "name", "string" },
    [9] = { "raw_data", "bytes" },
    [10] = { "double_data", "double", repeated = true },
    [13] = { "external_data", "message", repeated = true, message = Entry },
    [14] = { "data_location", "enum" },
})
M.Tensor = Tensor

local Attribute = message("AttributeProto", {
    [1] = { "name", "string" },
    [2] = { "f", "float" },
    [3] = { "i", "int64" },
    [4] = { "s", "bytes" },
    [5] = { "t", "message", message = Tensor },
    [7] = { "floats", "float", repeated = true },
    [8] = { "ints", "int64", repeated = true },
    [20] = { "type", "enum" },
})

local Node = message("NodeProto", {
    [1] = { "input", "string", repeated = true },
    [2] = { "output", "string", repeated = true },
    [3] = { "name", "string" },
    [4] = { "op_type", "string" },
    [5] = { "attribute", "message", repeated = true, message = Attribute },
    [7] = { "domain", "string" },
})

local Dimension = message("TensorShapeProto.Dimension", {
    [1] = { "dim_value", "int64" }, [2] = { "dim_param", "string" },
})
local Shape = message("TensorShapeProto", {
    [1] = { "dim", "message", repeated = true, message = Dimension },
})
local TensorType = message("TypeProto.Tensor", {
    [1] = { "elem_type", "int32" }, [2] = { "shape", "message", message = Shape },
})
local Type = message("TypeProto", {
    [1] = { "tensor_type", "message", message = TensorType },
})
local ValueInfo = message("ValueInfoProto", {
    [1] = { "name", "string" }, [2] = { "type", "message", message = Type },
})

local Graph = message("GraphProto", {
    [1] = { "node", "message", repeated = true, message = Node },
    [2] = { "name", "string" },
    [5] = { "initializer", "message", repeated = true, message = Tensor },
    [11] = { "input", "message", repeated = true, message = ValueInfo },
    [12] = { "output", "message", repeated = true, message = ValueInfo },
})

local Opset = message("OperatorSetIdProto", {
    [1] = { "domain", "string" }, [2] = { "version", "int64" },
})

local Model = message("ModelProto", {
    [1] = { "ir_version", "int64" },
    [2] = { "producer_name", "string" },
    [7] = { "graph", "message", message = Graph },
    [8] = { "opset_import", "message", repeated = true, message = Opset },
})
M.Model = Model

M.FLOAT, M.INT32, M.INT64, M.DOUBLE = 1, 6, 7, 11
local TYPE_NAMES = { [1] = "float32", [2] = "uint8", [3] = "int8", [4] = "uint16",
    [5] = "int16", [6] = "int32", [7] = "int64", [8] = "string", [9] = "bool",
    [10] = "float16", [11] = "float64", [12] = "uint32", [13] = "uint64",
    [14] = "complex64", [15] = "complex128", [16] = "bfloat16" }
function M.type_name(t)
    return TYPE_NAMES[t] or ("type " .. tostring(t))
end

-- The model in `bytes`, or nil and "at byte N: what is wrong".
function M.decode(bytes)
    local ok, model = pcall(protobuf.decode, bytes, Model)
    if not ok then
        if protobuf.is_error(model) then
            return nil, string.format("at byte %d: %s (not a valid ONNX file?)",
                model.offset - 1, model.msg)
        end
        error(model, 0)
    end
    if not model.graph then
        return nil, "is not an ONNX model (no graph)"
    end
    -- values are found by name: a graph input, output or initializer without
    -- one is malformed (protobuf leaves an absent string nil)
    for _, list in ipairs({ "input", "output", "initializer" }) do
        for k, v in ipairs(model.graph[list]) do
            if v.name == nil then
                return nil, string.format("graph %s %d has no name (not a valid ONNX file?)",
                    list, k)
            end
        end
    end
    return model
end

-- The opset of the default domain ("" or "ai.onnx").
function M.opset(model)
    for _, o in ipairs(model.opset_import) do
        if (o.domain or "") == "" or o.domain == "ai.onnx" then
            return o.version or 1
        end
    end
    return 1
end

-- A tensor's element count from its dims, or nil and why.
function M.count(t)
    local n = 1
    for _, d in ipairs(t.dims) do
        if d < 0 then
            return nil, "has a negative dimension " .. util.show(d)
        end
        n = n * d
        if n > M.max_values then
            return nil, string.format("has more than %d values", M.max_values)
        end
    end
    return n
end

-- The values of tensor t as a flat list of Lua numbers, or nil and why.
function M.values(t)
    if t.data_location == 1 or #t.external_data > 0 then
        return nil, "is stored in an external file (save the model with its tensors inside: "
            .. "onnx.save_model(m, path, save_as_external_data=False))"
    end
    local n, why = M.count(t)
    if not n then
        return nil, why
    end
    local ty = t.data_type or 0
    local out = {}
    if t.raw_data then
        local raw = t.raw_data
        local w = (ty == M.FLOAT or ty == M.INT32) and 4 or (ty == M.DOUBLE or ty == M.INT64)
            and 8 or nil
        if not w then
            return nil, "holds " .. M.type_name(ty) .. " values (flatprop reads float32, "
                .. "float64, int32 and int64)"
        end
        if #raw ~= n * w then
            return nil, string.format("has %d bytes of raw data, its %d %s values need %d",
                #raw, n, M.type_name(ty), n * w)
        end
        if ty == M.FLOAT then
            local f32 = protobuf.f32_at
            for k = 1, n do
                out[k] = f32(raw, 4 * k - 3)
            end
        elseif ty == M.DOUBLE then
            local f64 = protobuf.f64_at
            for k = 1, n do
                out[k] = f64(raw, 8 * k - 7)
            end
        else
            for k = 1, n do
                local i = (k - 1) * w + 1
                local a, b, c, d = raw:byte(i, i + 3)
                local lo = a + b * 256 + c * 65536 + d * 16777216
                local hi = 0
                if w == 8 then
                    a, b, c, d = raw:byte(i + 4, i + 7)
                    hi = a + b * 256 + c * 65536 + d * 16777216
                elseif lo >= 2147483648 then
                    hi = 4294967295 -- sign-extend an int32
                end
                local v
                if hi >= 2147483648 then -- negative: -(2^64 - value)
                    v = -((4294967295 - hi) * 4294967296 + (4294967296 - lo))
                else
                    v = hi * 4294967296 + lo
                end
                -- exporters write INT64_MAX/MIN as "to the end" (Slice): held
                -- as +-2^53, which no tensor dimension reaches either
                if v > 9007199254740992 then
                    v = 9007199254740992
                elseif v < -9007199254740992 then
                    v = -9007199254740992
                end
                out[k] = v
            end
        end
        return out
    end
    local list
    if ty == M.FLOAT then
        list = t.float_data
    elseif ty == M.DOUBLE then
        list = t.double_data
    elseif ty == M.INT64 then
        list = t.int64_data
    elseif ty == M.INT32 then
        list = t.int32_data
    else
        return nil, "holds " .. M.type_name(ty) .. " values (flatprop reads float32, float64, "
            .. "int32 and int64)"
    end
    if #list ~= n then
        return nil, string.format("has %d values, its dims %s need %d", #list,
            "[" .. table.concat(t.dims, ", ") .. "]", n)
    end
    for k = 1, n do
        out[k] = list[k]
    end
    return out
end

-- An attribute of node by name, or nil.
function M.attribute(node, name)
    for _, a in ipairs(node.attribute) do
        if a.name == name then
            return a
        end
    end
    return nil
end

---------------------------------------------------------------------------
-- Writing: each returns the encoded message.
local pb = protobuf

function M.encode_tensor(name, dims, values, double)
    local parts = { pb.packed_varints(1, dims), pb.varint_field(2, double and M.DOUBLE
        or M.FLOAT), pb.bytes_field(8, name) }
    local raw = {}
    local enc = double and pb.encode_f64 or pb.encode_f32
    for k, v in ipairs(values) do
        raw[k] = enc(v)
    end
    parts[#parts + 1] = pb.bytes_field(9, table.concat(raw))
    return table.concat(parts)
end

-- attrs: a list of { name, kind = "int"|"ints"|"float"|"string", value }
local function encode_attribute(a)
    local parts = { pb.bytes_field(1, a[1]) }
    if a.kind == "int" then
        parts[#parts + 1] = pb.varint_field(3, a.value)
        parts[#parts + 1] = pb.varint_field(20, 2)
    elseif a.kind == "ints" then
        parts[#parts + 1] = pb.packed_varints(8, a.value)
        parts[#parts + 1] = pb.varint_field(20, 7)
    elseif a.kind == "float" then
        parts[#parts + 1] = pb.key(2, 5) .. pb.encode_f32(a.value)
        parts[#parts + 1] = pb.varint_field(20, 1)
    else
        parts[#parts + 1] = pb.bytes_field(4, a.value)
        parts[#parts + 1] = pb.varint_field(20, 3)
    end
    return table.concat(parts)
end

function M.encode_node(n)
    local parts = {}
    for _, v in ipairs(n.input) do
        parts[#parts + 1] = pb.bytes_field(1, v)
    end
    for _, v in ipairs(n.output) do
        parts[#parts + 1] = pb.bytes_field(2, v)
    end
    parts[#parts + 1] = pb.bytes_field(3, n.name)
    parts[#parts + 1] = pb.bytes_field(4, n.op_type)
    for _, a in ipairs(n.attrs or {}) do
        parts[#parts + 1] = pb.bytes_field(5, encode_attribute(a))
    end
    return table.concat(parts)
end

-- dims: numbers, or strings for named dimensions
function M.encode_value_info(name, elem_type, dims)
    local ds = {}
    for _, d in ipairs(dims) do
        local dim = type(d) == "string" and pb.bytes_field(2, d) or pb.varint_field(1, d)
        ds[#ds + 1] = pb.bytes_field(1, dim)
    end
    local tensor_type = pb.varint_field(1, elem_type) .. pb.bytes_field(2, table.concat(ds))
    return pb.bytes_field(1, name) .. pb.bytes_field(2, pb.bytes_field(1, tensor_type))
end

-- g: { name, nodes = { encoded }, initializers = { encoded }, inputs, outputs }
function M.encode_model(g, opset, producer)
    local parts = {}
    for _, n in ipairs(g.nodes) do
        parts[#parts + 1] = pb.bytes_field(1, n)
    end
    parts[#parts + 1] = pb.bytes_field(2, g.name)
    for _, t in ipairs(g.initializers) do
        parts[#parts + 1] = pb.bytes_field(5, t)
    end
    for _, v in ipairs(g.inputs) do
        parts[#parts + 1] = pb.bytes_field(11, v)
    end
    for _, v in ipairs(g.outputs) do
        parts[#parts + 1] = pb.bytes_field(12, v)
    end
    local graph = table.concat(parts)
    return pb.varint_field(1, 7) .. pb.bytes_field(2, producer)
        .. pb.bytes_field(7, graph)
        .. pb.bytes_field(8, pb.bytes_field(1, "") .. pb.varint_field(2, opset))
end

return M
