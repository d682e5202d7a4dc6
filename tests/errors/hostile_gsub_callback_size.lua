-- expect: FILE:3: the description used more than 256 MiB of memory
local piece = string.rep("y", 1000000)
local big = string.rep("x", 1000):gsub("x", function() return piece end)
