-- expect: FILE:4: the description used more than 256 MiB of memory
-- one gsub whose result is far over the memory cap
local s = string.rep("x", 1000000)
local big = s:gsub("x", string.rep("y", 1000))
