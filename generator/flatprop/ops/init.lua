-- ops: the registry of layer kinds.
-- Takes: an op name. Gives: the module that owns its shape, forward and
-- backward rules, or why it cannot be used.
local M = {}

M.by_name = {
    dense = require("flatprop.ops.dense"),
    relu = require("flatprop.ops.relu"),
    identity = require("flatprop.ops.identity"),
    leaky_relu = require("flatprop.ops.leaky_relu"),
    sigmoid = require("flatprop.ops.sigmoid"),
    tanh = require("flatprop.ops.tanh"),
}


function M.names()
    local t = {}
    for name in pairs(M.by_name) do
        t[#t + 1] = name
    end
    table.sort(t)
    return t
end

return M
