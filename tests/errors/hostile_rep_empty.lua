-- expect: FILE:2: the description used more than 256 MiB of memory
local s = string.rep("", 1e15)
