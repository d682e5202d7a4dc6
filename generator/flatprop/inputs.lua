-- inputs: the files a description reads besides itself.
-- Takes: the loaded (unchecked) description and its path. Gives: the paths
-- of the ONNX model it names and of the .npy files its layers name (each
-- op's file_fields), in layer order, for build tools (--list-inputs; CMake
-- makes the generation depend on them).
local npy = require("flatprop.npy")
local ops = require("flatprop.ops")

local M = {}

function M.list(desc, path, where)
    local list, seen = {}, {}
    if where and where.onnx then -- a description naming an ONNX model
        list[1] = where.onnx.path
        seen[where.onnx.path] = true
    end
    local layers = type(desc) == "table" and desc.layers
    if type(layers) ~= "table" then
        return list
    end
    for i = 1, #layers do
        local L = layers[i]
        local rule = type(L) == "table" and ops.by_name[L.op]
        if rule then
            for _, field in ipairs(rule.file_fields or {}) do
                local v = L[field]
                if type(v) == "string" then
                    local p = npy.resolve(path, v)
                    if not seen[p] then
                        seen[p] = true
                        list[#list + 1] = p
                    end
                end
            end
        end
    end
    return list
end

return M
