-- expect: FILE:3: name "a_very_long_network_name_that_goes_on_and_on_and_on" is longer than 48 characters
return {
  name = "a_very_long_network_name_that_goes_on_and_on_and_on",
  input = 2, layers = { { op = "dense", out = 1 } }, loss = "mse",
}
