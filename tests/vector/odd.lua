-- --vector mve on widths that are not multiples of four (the helpers'
-- scalar tails), a frozen layer and a layer without bias.
return {
    name = "odd",
    input = 7,
    layers = {
        { op = "dense", out = 13 },
        { op = "relu" },
        { op = "dense", out = 9, trainable = false },
        { op = "tanh" },
        { op = "dense", out = 3, bias = false },
    },
    loss = "mse",
}
