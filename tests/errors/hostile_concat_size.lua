-- expect: FILE:5: the description used more than 256 MiB of memory
local piece = string.rep("y", 1000000)
local t = {}
for i = 1, 1000 do t[i] = piece end
local big = table.concat(t)
