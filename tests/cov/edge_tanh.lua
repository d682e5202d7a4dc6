-- Edge cases for tanh (tests/c/test_edges.c): pre-activations exactly 0,
-- +50 and -50 at x = (1, 1).
return {
  name = "edge_tanh",
  input = 2,
  layers = {
    { op = "dense", out = 3, bias = false, weights = { { 1, -1 }, { 50, 0 }, { -50, 0 } } },
    { op = "tanh" },
    { op = "dense", out = 1, bias = false, weights = { { 1, 1, 1 } } },
  },
  loss = "squared_error",
}
