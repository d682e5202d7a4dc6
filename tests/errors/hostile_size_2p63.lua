-- expect: FILE:2: input = 2x3x9.223372036854776e+18 (5.5340232221128655e+19 values) is larger than the limit of 1000000
return { name = "n", input = { 2, 3, 2^63 }, layers = { { op = "conv2d", out = 1, kernel = 1 } }, loss = "mse" }
