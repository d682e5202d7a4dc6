-- expect: FILE:4: string.find(): the pattern has 6 repeated items on a subject of 3000 bytes, which could take more than 1e+08 steps; the sandbox refuses it (use a shorter subject or a simpler pattern)
-- catastrophic backtracking inside one call of the matcher
local s = string.rep("a", 3000)
local found = s:find("a-a-a-a-a-a-b")
return { name = "n", input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse" }
