-- Edge cases for sigmoid (tests/c/test_edges.c): pre-activations exactly 0,
-- +50 and -50 at x = (1, 1).
return {
  name = "edge_sigmoid",
  input = 2,
  layers = {
    { op = "dense", out = 3, bias = false, weights = { { 1, -1 }, { 50, 0 }, { -50, 0 } } },
    { op = "sigmoid" },
    { op = "dense", out = 1, bias = false, weights = { { 1, 1, 1 } } },
  },
  loss = "squared_error",
}
