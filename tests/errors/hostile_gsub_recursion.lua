-- expect: FILE:3: library calls that call back into the description (gsub, sort, pcall, xpcall) nested more than 60 deep
-- deep C recursion through gsub callbacks (LuaJIT crashed)
local function f(s) return (s:gsub(".", function(c) return f(c .. c) end)) end
f("a")
