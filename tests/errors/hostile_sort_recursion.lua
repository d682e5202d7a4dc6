-- expect: FILE:4: library calls that call back into the description (gsub, sort, pcall, xpcall) nested more than 60 deep
local function f(n)
  local t = { 2, 1 }
  table.sort(t, function(a, b) f(n + 1) return a < b end)
end
f(1)
