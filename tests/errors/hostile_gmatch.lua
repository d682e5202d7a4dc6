-- expect: FILE:3: string.gmatch(): the pattern has 3 repeated items on a subject of 5000 bytes, which could take more than 1e+08 steps; the sandbox refuses it (use a shorter subject or a simpler pattern)
local s = string.rep("a", 5000)
for _ in s:gmatch("a*a*a*b") do end
