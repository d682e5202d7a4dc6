-- expect: FILE:4: to-be-closed variables (<close>) are not available in a network description
-- a to-be-closed variable runs code while an error unwinds the description
local guard = setmetatable({}, {})
local x <close> = guard
return { name = "n", input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse" }
