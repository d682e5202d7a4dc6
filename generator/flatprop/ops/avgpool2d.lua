-- ops/avgpool2d: PyTorch's AvgPool2d (rules in ops/pool.lua).
-- Takes: a avgpool2d layer. Gives: its op module.
return require("flatprop.ops.pool").make("avg", 2)
