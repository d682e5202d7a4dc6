-- expect: FILE:4: layer 2 (dense): out must be a positive integer, got 0
local layers = {}
for i = 1, 2 do
  layers[i] = dense { out = 4 - i }
end
layers[2].out = 0
return { name = "n", input = 2, layers = layers, loss = "mse" }
