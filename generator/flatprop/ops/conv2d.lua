-- ops/conv2d: PyTorch's Conv2d over a (C, H, W) input (rules in ops/conv.lua).
-- Takes: a conv2d layer. Gives: its op module.
return require("flatprop.ops.conv").make(2)
