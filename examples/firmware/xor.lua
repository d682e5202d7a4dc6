-- XOR: the classic problem a network without a hidden layer cannot learn.
return {
  name   = "xor",
  input  = 2,
  layers = {
    dense { out = 8 },
    relu(),
    dense { out = 1 },
  },
  loss   = "mse",
}
