-- expect: FILE:3: the description ran for more than 200 million Lua instructions (an endless loop?)
-- the handler of a limit never runs description code
xpcall(function() while true do end end, function() while true do end end)
