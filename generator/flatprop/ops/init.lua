-- ops: the registry of layer kinds.
-- Takes: an op name. Gives: the module that owns its shape, forward and
-- backward rules.
local util = require("flatprop.util")

local M = {}

M.by_name = {
    dense = require("flatprop.ops.dense"),
    relu = require("flatprop.ops.relu"),
    identity = require("flatprop.ops.identity"),
    leaky_relu = require("flatprop.ops.leaky_relu"),
    sigmoid = require("flatprop.ops.sigmoid"),
    tanh = require("flatprop.ops.tanh"),
}

-- Every op name, sorted.
function M.names()
    return util.sorted_keys(M.by_name)
end

return M
