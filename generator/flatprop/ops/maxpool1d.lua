-- ops/maxpool1d: PyTorch's MaxPool1d (rules in ops/pool.lua).
-- Takes: a maxpool1d layer. Gives: its op module.
return require("flatprop.ops.pool").make("max", 1)
