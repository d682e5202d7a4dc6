-- ops: the registry of layer kinds, and the interface each one implements.
-- Takes: an op name. Gives: the module that owns everything about that
-- kind of layer, and the description helpers (dense {}, relu (), ...).
--
-- A layer module (ops/<name>.lua) declares, side by side:
--   op, kind        its name; "param" (has parameter tensors), "pool",
--                   "reshape" or "activation" (element-wise)
--   fields          the fields a description may give (op included)
--   check(t, c)     validate the raw layer t given the checker's context c
--                   (c.in_shape, c.type, c.fail(path, msg), c.npy(...),
--                   c.count = this layer's number among layers of its name
--                   prefix); returns the layer record L with L.out_shape
--   tensors(L)      (param) its parameter tensors in layout order:
--                   { name, shape, fan_in, fan_out, values, from, bias },
--                   values a flat row-major list or nil (init draws them);
--                   check gives each its offset (T.off)
--   describe(L)     name and details for comments and messages
--   formula(L, x)   the comment's formula, x the input's stem
--   label(L)        the --dot node's text
--   shapes          (param, pool) the code shapes it has, fastest first
--   forward(b, L, xs, ctx), backward(b, L, xs, ys, G, m)
--                   lowering (param, pool, reshape); activations give
--                   forward_elem(L, z) and backward_elem(L, g, z, h) instead
--   cost(L, need_input)        multiply-adds forward and backward
--   estimate(L, shape, form)   flash bytes of train_step's code for L
--   reference       its math in double for the reference evaluator:
--                   forward(L, p, x), backward(L, p, x, y, g, grad) and
--                   bound(L, p, x, B) (how far a change of the input can
--                   move the output), or for activations f, df, lip, kink,
--                   clamps
--   helper          (optional) how its description helper reads arguments
-- Every other stage iterates over layers and their tensors through this
-- interface; adding an op is one file here plus its tests.
local util = require("flatprop.util")

local M = {}

M.by_name = {}
for _, name in ipairs({ "dense", "conv1d", "conv2d", "maxpool1d", "maxpool2d", "avgpool1d",
    "avgpool2d", "global_avgpool", "flatten", "relu", "identity", "leaky_relu", "sigmoid",
    "tanh" }) do
    M.by_name[name] = require("flatprop.ops." .. name)
end

-- Every op name, sorted.
function M.names()
    return util.sorted_keys(M.by_name)
end

-- The description helpers, one per op: each builds the op's canonical
-- table from its arguments. `layer(op, fields)` is the loader's common
-- part (it copies the fields and remembers the line).
function M.helpers(layer)
    local env = {}
    for _, name in ipairs(M.names()) do
        local rule = M.by_name[name]
        env[name] = function(fields)
            if rule.helper then
                fields = rule.helper(fields)
            end
            local t = layer(name, fields)
            return t
        end
    end
    return env
end

return M
