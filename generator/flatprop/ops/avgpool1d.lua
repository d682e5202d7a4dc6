-- ops/avgpool1d: PyTorch's AvgPool1d (rules in ops/pool.lua).
-- Takes: a avgpool1d layer. Gives: its op module.
return require("flatprop.ops.pool").make("avg", 1)
