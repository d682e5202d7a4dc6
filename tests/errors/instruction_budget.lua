-- expect: FILE:3: the description ran for more than 200 million Lua instructions (an endless loop?)
-- an endless loop: the instruction budget ends it
while true do end
