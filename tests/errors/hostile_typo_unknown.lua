-- expect: FILE:2: 'frobnicate' is not a known helper or function
local x = frobnicate(3)
