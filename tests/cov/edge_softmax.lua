-- Large logits for softmax_cross_entropy (tests/c/test_edges.c): at x = 1
-- the logits are (1000, 999, -1000); exp(1000) overflows even a double.
return {
  name = "edge_softmax",
  input = 1,
  layers = {
    { op = "dense", out = 3, bias = false, weights = { { 1000 }, { 999 }, { -1000 } } },
  },
  loss = "softmax_cross_entropy",
}
