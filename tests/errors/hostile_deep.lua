-- expect: FILE:2: layers[1].weights[1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1] is nested more than 32 tables deep
local t = {}
for _ = 1, 40 do t = { t } end
return { name = "n", input = 2, layers = { { op = "dense", out = 1, weights = t } }, loss = "mse" }
