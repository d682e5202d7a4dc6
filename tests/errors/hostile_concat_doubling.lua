-- expect: FILE:5: the description used more than 256 MiB of memory
-- doubling a string between two checks of the memory cap: the allocation
-- fails (the corpus runs under ulimit -v) and the failure cannot be caught
local s = "x"
pcall(function() while true do s = s .. s end end)
return {}
