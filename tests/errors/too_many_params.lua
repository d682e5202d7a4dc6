-- expect: FILE:5: fully unrolled, dense1 (1001000 parameters) would take about 10010000 lines and 350.4 MB of C (1001000 parameters, more than --max-params 200000); give the largest unroll = "rows" or "loop", or raise --max-params
return {
  name = "n", input = 1000,
  layers = {
    { op = "dense", out = 1000, unroll = "full" },
    { op = "dense", out = 5000 },
  },
  loss = "mse",
}
