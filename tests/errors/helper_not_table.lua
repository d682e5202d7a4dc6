-- expect: FILE:4: dense(): expected a table of fields such as dense { out = 4 }
return {
  name = "n", input = 2,
  layers = { dense(3) },
  loss = "mse",
}
