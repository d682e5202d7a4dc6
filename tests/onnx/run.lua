-- run: the ONNX reader without Python, on any Lua.
-- Takes: the models checked in under tests/onnx/models (made by
-- make_models.py). Gives: "ok" lines and "N passed, M failed"; exit status 1
-- on any failure.
--
-- 1. Each model generates, and the reference evaluator's forward and loss at
--    the model's point match what PyTorch computed (NAME.expect).
-- 2. Malformed files (truncated, oversized lengths, wrong wire types, absurd
--    dimensions, a node reading its own output, external data, branches,
--    unsupported ops): each gives exactly one error line, exit status 1, and
--    no file in the output folder.
-- Usage: LUA tests/onnx/run.lua (from the source folder)
package.path = "generator/?.lua;generator/?/init.lua;tests/lua/?.lua;" .. package.path
local driver = require("flatprop.driver")
local pb = require("flatprop.protobuf")
local onnx = require("flatprop.onnx")
local expect = require("expect")

local passed, failed = 0, 0
local function check(name, ok, msg)
    if ok then
        passed = passed + 1
        io.stdout:write("ok ", name, "\n")
    else
        failed = failed + 1
        io.stdout:write("FAIL ", name, ": ", tostring(msg), "\n")
    end
end

local function stream()
    local s = { parts = {} }
    function s.write(self, ...)
        for _, v in ipairs({ ... }) do
            self.parts[#self.parts + 1] = v
        end
        return self
    end
    function s.text(self)
        return table.concat(self.parts)
    end
    return s
end

local function main(argv)
    local out, err = stream(), stream()
    local status = driver.main(argv, { stdout = out, stderr = err, templates = "templates" })
    return status, out:text(), err:text()
end

local M = "tests/onnx/models/"
for _, name in ipairs({ "softmax", "conv2d_bn", "conv_auto_pad", "conv1d_helper",
    "matmul_add" }) do
    local status, out, err = main({ "--type", "double", "--reference", M .. name .. ".point",
        M .. name .. ".lua" })
    local ok, msg = status == 0, err
    if ok then
        for line in expect.read(M .. name .. ".expect"):gmatch("[^\n]+") do
            local key, want = line:match("^(.-) = (%S+)$")
            local got = out:match("\n" .. key:gsub("%p", "%%%0") .. " = (%S+)")
            local g, w = tonumber(got), tonumber(want)
            if not g or math.abs(g - w) > 1e-9 * (1 + math.abs(w)) then
                ok, msg = false, string.format("%s = %s, PyTorch gives %s", key,
                    tostring(got), want)
                break
            end
        end
    end
    check(name .. " matches PyTorch", ok, msg)
    local dir = expect.tmpdir()
    status, _, err = main({ "-o", dir, M .. name .. ".lua" })
    check(name .. " generates", status == 0 and expect.list(dir) == name .. ".c " .. name
        .. ".h", err)
    expect.rmdir(dir)
end

-- A small model built here: x (N, 4) -> Gemm -> Relu -> y, with `edit` to
-- change its pieces.
local function model(edit)
    edit = edit or {}
    local nodes = edit.nodes or {
        onnx.encode_node({ name = "fc", op_type = "Gemm", input = { "x", "w", "b" },
            output = { "h" }, attrs = { { "transB", kind = "int", value = 1 } } }),
        onnx.encode_node({ name = "act", op_type = "Relu", input = { "h" },
            output = { "y" } }),
    }
    local inits = edit.inits or {
        onnx.encode_tensor("w", { 3, 4 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }),
        onnx.encode_tensor("b", { 3 }, { 0, 0, 0 }),
    }
    return onnx.encode_model({ name = "g", nodes = nodes, initializers = inits,
        inputs = { onnx.encode_value_info("x", onnx.FLOAT, edit.in_dims or { "N", 4 }) },
        outputs = { onnx.encode_value_info("y", onnx.FLOAT, { "N", 3 }) } }, 13, "test")
end

local function bad(name, bytes, snippet)
    local path = os.tmpname()
    os.remove(path)
    path = path .. ".onnx"
    local f = assert(io.open(path, "wb"))
    f:write(bytes)
    f:close()
    local dir = expect.tmpdir()
    local ok, status, _, err = pcall(main, { "--loss", "mse", "-o", dir, path })
    local lines = select(2, (err or ""):gsub("\n", "\n"))
    local good = ok and status == 1 and lines == 1 and err:sub(1, #path + 2) == path .. ": "
        and err:find(snippet, 1, true) ~= nil and expect.list(dir) == ""
    check("malformed: " .. name, good, ok and (status .. " " .. err) or status)
    expect.rmdir(dir)
    os.remove(path)
end

local good = model()
do -- the small model itself works
    local path = os.tmpname() .. ".onnx"
    local f = assert(io.open(path, "wb"))
    f:write(good)
    f:close()
    local status, out = main({ "--loss", "mse", "--print-name", path })
    check("a model built here generates", status == 0 and out:match("^[%w_]+\n$"), out)
    os.remove(path)
end
for _, at in ipairs({ 1, 2, 7, 20, math.floor(#good / 2), #good - 1 }) do
    bad("truncated at " .. at, good:sub(1, at), at == 2 and "no graph" or "not a valid ONNX")
end
bad("empty", "", "no graph")
bad("random bytes", ("\255\1\7\200"):rep(40), "")
bad("oversized length", pb.key(7, 2) .. pb.encode_varint(2 ^ 40) .. "abc", "runs past")
bad("wrong wire type", pb.varint_field(7, 5), "ModelProto.graph has wire type varint")
bad("group", pb.key(50, 3), "groups are not supported")
bad("integer beyond 2^53", pb.key(1, 0) .. "\128\128\128\128\128\128\128\128\1", "beyond 2^53")
bad("absurd dims", model({ inits = {
    pb.packed_varints(1, { 2 ^ 40, 2 ^ 40 }) .. pb.varint_field(2, 1) .. pb.bytes_field(8, "w"),
    onnx.encode_tensor("b", { 3 }, { 0, 0, 0 }) } }), "more than")
bad("negative dims", model({ inits = {
    pb.packed_varints(1, { -3, 4 }) .. pb.varint_field(2, 1) .. pb.bytes_field(8, "w"),
    onnx.encode_tensor("b", { 3 }, { 0, 0, 0 }) } }), "negative dimension")
bad("absurd input", model({ in_dims = { "N", 2 ^ 50 } }), "larger than the limit")
bad("unsized input", model({ in_dims = { "N", "F" } }), "unknown size ('F')")
bad("external data", model({ inits = {
    pb.packed_varints(1, { 3, 4 }) .. pb.varint_field(2, 1) .. pb.bytes_field(8, "w")
        .. pb.bytes_field(13, pb.bytes_field(1, "location") .. pb.bytes_field(2, "w.bin"))
        .. pb.varint_field(14, 1),
    onnx.encode_tensor("b", { 3 }, { 0, 0, 0 }) } }), "external file")
bad("short raw data", model({ inits = {
    pb.packed_varints(1, { 3, 4 }) .. pb.varint_field(2, 1) .. pb.bytes_field(8, "w")
        .. pb.bytes_field(9, "abcd"),
    onnx.encode_tensor("b", { 3 }, { 0, 0, 0 }) } }), "raw data")
bad("a node reading its own output", model({ nodes = {
    onnx.encode_node({ name = "loop", op_type = "Relu", input = { "y" }, output = { "y" } }),
} }), "reads 'y'")
bad("residual Add", model({ nodes = {
    onnx.encode_node({ name = "fc", op_type = "Gemm", input = { "x", "w", "b" },
        output = { "h" }, attrs = { { "transB", kind = "int", value = 1 } } }),
    onnx.encode_node({ name = "act", op_type = "Relu", input = { "h" }, output = { "r" } }),
    onnx.encode_node({ name = "res", op_type = "Add", input = { "r", "h" }, output = { "y" } }),
} }), "node 'act' (Relu): 'h' is read by 2 nodes")
bad("unsupported op", model({ nodes = {
    onnx.encode_node({ name = "fc", op_type = "Gemm", input = { "x", "w", "b" },
        output = { "h" }, attrs = { { "transB", kind = "int", value = 1 } } }),
    onnx.encode_node({ name = "e", op_type = "Elu", input = { "h" }, output = { "y" } }),
} }), "node 'e' (Elu): not supported; supported: Gemm")
bad("softmax under mse", model({ nodes = {
    onnx.encode_node({ name = "fc", op_type = "Gemm", input = { "x", "w", "b" },
        output = { "h" }, attrs = { { "transB", kind = "int", value = 1 } } }),
    onnx.encode_node({ name = "sm", op_type = "Softmax", input = { "h" }, output = { "y" } }),
} }), "folded only under softmax_cross_entropy")
bad("weights that do not fit", model({ inits = {
    onnx.encode_tensor("w", { 3, 5 }, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 }),
    onnx.encode_tensor("b", { 3 }, { 0, 0, 0 }) } }), "its input has 4 values")

-- Found by tests/fuzz/fuzz_onnx.lua: constant folds and names the reader
-- took on trust (each was an internal error).
local function folded(node)
    return model({ nodes = { node,
        onnx.encode_node({ name = "fc", op_type = "Gemm", input = { "x", "w2", "b" },
            output = { "h" }, attrs = { { "transB", kind = "int", value = 1 } } }),
        onnx.encode_node({ name = "act", op_type = "Relu", input = { "h" }, output = { "y" } }),
    } })
end
bad("a Reshape of a constant without its shape", folded(onnx.encode_node({ name = "r",
    op_type = "Reshape", input = { "w" }, output = { "w2" } })),
    "node 'r' (Reshape): has no shape (input 2)")
bad("a Reshape of a constant to another size", model({ nodes = {
    onnx.encode_node({ name = "s", op_type = "Constant", input = {}, output = { "shp" },
        attrs = { { "value_ints", kind = "ints", value = { 5, 5 } } } }),
    onnx.encode_node({ name = "r", op_type = "Reshape", input = { "w", "shp" },
        output = { "w2" } }),
    onnx.encode_node({ name = "fc", op_type = "Gemm", input = { "x", "w2", "b" },
        output = { "h" }, attrs = { { "transB", kind = "int", value = 1 } } }),
    onnx.encode_node({ name = "act", op_type = "Relu", input = { "h" }, output = { "y" } }),
} }), "node 'r' (Reshape): cannot reshape 12 values to the shape (5, 5)")
bad("a Transpose of a constant with a bad perm", folded(onnx.encode_node({ name = "t",
    op_type = "Transpose", input = { "w" }, output = { "w2" },
    attrs = { { "perm", kind = "ints", value = { 0, 0 } } } })),
    "node 't' (Transpose): perm is not a permutation of its input's 2 axes")
bad("a constant fold without an output", folded(onnx.encode_node({ name = "t",
    op_type = "Transpose", input = { "w" }, output = {} })), "node 't' (Transpose): has no output")
bad("a graph output without a name", pb.bytes_field(7, pb.bytes_field(12, "")),
    "graph output 1 has no name")

io.stdout:write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
