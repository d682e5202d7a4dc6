-- expect: FILE:2: the description ran for more than 200 million Lua instructions (an endless loop?)
pcall(function() while true do end end)
return {}
