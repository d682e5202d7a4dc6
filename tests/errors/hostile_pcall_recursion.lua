-- expect: FILE:2: library calls that call back into the description (gsub, sort, pcall, xpcall) nested more than 60 deep
local function f() pcall(f) end
pcall(f)
error("the recursion ended")
