-- ops/maxpool2d: PyTorch's MaxPool2d (rules in ops/pool.lua).
-- Takes: a maxpool2d layer. Gives: its op module.
return require("flatprop.ops.pool").make("max", 2)
