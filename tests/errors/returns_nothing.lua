-- expect: FILE: the description must return a table, it returned nothing
local net = { name = "n" }
