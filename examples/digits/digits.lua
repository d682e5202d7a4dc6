-- 8x8 handwritten digits: 64 pixels -> 32 ReLU -> 10 logits, trained with
-- softmax cross-entropy (examples/digits/main.c).
return {
  name = "digits",
  input = 64,
  layers = {
    { op = "dense", out = 32 },
    { op = "relu" },
    { op = "dense", out = 10 },
  },
  loss = "softmax_cross_entropy",
}
