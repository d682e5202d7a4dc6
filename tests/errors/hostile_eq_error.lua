-- expect: FILE: the description raised an error that is not a string (table)
-- an error value whose __eq would run when the error is classified
local mt = { __eq = function() while true do end end, __tostring = function() while true do end end }
error(setmetatable({}, mt))
