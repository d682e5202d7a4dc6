-- expect: FILE:3: setmetatable(): __gc and __close are not available in a network description (no code of it may run after it returned)
-- a finalizer would run after the description returned, outside its limits
setmetatable({}, { __gc = function() while true do end end })
return { name = "n", input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse" }
