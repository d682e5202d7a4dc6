-- ops/conv1d: PyTorch's Conv1d over a (C, L) input (rules in ops/conv.lua).
-- Takes: a conv1d layer. Gives: its op module.
return require("flatprop.ops.conv").make(1)
