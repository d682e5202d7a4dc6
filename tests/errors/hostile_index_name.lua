-- expect: FILE: missing field 'name' (the C prefix of the generated symbols)
-- a name that only an __index metamethod answers (and could answer
-- differently each time it is read): only raw values are ever seen
return setmetatable({ input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse" }, {
  __index = function(_, k)
    if k == "name" then return "ok_name" end
  end,
})
