-- The digits network with its first layer frozen: on the device only the
-- last layer is trained (examples/finetune/main.c). Same parameter layout
-- as examples/digits/digits.lua, so pretrained parameters load unchanged.
return {
  name = "finetune",
  input = 64,
  layers = {
    { op = "dense", out = 32, trainable = false },
    { op = "relu" },
    { op = "dense", out = 10 },
  },
  loss = "softmax_cross_entropy",
}
