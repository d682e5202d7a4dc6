-- expect: FILE:9: layers is empty: a network needs at least one dense layer
-- __pairs and __len that answer another table: the raw content is what counts
local real = { { op = "dense", out = 1 } }
local fake = setmetatable({}, {
  __pairs = function() return next, real, nil end,
  __len = function() return 1 end,
  __index = real,
})
return { name = "n", input = 2, layers = fake, loss = "mse" }
