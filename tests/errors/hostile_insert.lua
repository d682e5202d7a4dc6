-- expect: FILE:4: bad argument #2 to 'insert' (position out of bounds)
-- Lua 5.1 would shift a thousand million million elements
local t = { 1, 2 }
table.insert(t, -1e15, 3)
