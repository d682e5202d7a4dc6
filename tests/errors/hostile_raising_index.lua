-- expect: FILE:8: layers is empty: a network needs at least one dense layer
-- metamethods that raise when the checker reads the table
local layers = setmetatable({}, {
  __index = function() error("boom") end,
  __len = function() error("boom") end,
  __newindex = function() error("boom") end,
})
return { name = "n", input = 2, layers = layers, loss = "mse" }
