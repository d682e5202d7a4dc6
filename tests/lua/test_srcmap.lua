-- Tests of srcmap.lua: the line where each field of a description was written.
local srcmap = require("flatprop.srcmap")
local expect = require("expect")
local eq = expect.eq

local T = {}

local SEED = [[
return {
  name   = "seed",
  input  = 2,
  layers = {
    { op = "dense", out = 3, bias = false,
      weights = { { 0.5, 0.25 },
                  { -1.0, 0.5 },
                  { 0.25, 1.0 } } },
    { op = "relu" },
    { op = "dense", out = 1, bias = false, weights = { { 1.0, 0.5, -0.5 } } },
  },
  loss   = "squared_error",
}
]]

local function line(src, path)
    return srcmap.line(srcmap.scan(src), path)
end

function T.network_fields()
    eq(line(SEED, {}), 1)
    eq(line(SEED, { "name" }), 2)
    eq(line(SEED, { "input" }), 3)
    eq(line(SEED, { "layers" }), 4)
    eq(line(SEED, { "loss" }), 12)
end

function T.layers_and_their_fields()
    eq(line(SEED, { "layers", 1 }), 5)
    eq(line(SEED, { "layers", 1, "out" }), 5)
    eq(line(SEED, { "layers", 1, "weights" }), 6)
    eq(line(SEED, { "layers", 2 }), 9)
    eq(line(SEED, { "layers", 3 }), 10)
    eq(line(SEED, { "layers", 3, "weights", 1, 3 }), 10)
end

function T.nested_weight_rows()
    eq(line(SEED, { "layers", 1, "weights", 1 }), 6)
    eq(line(SEED, { "layers", 1, "weights", 2 }), 7)
    eq(line(SEED, { "layers", 1, "weights", 3 }), 8)
    eq(line(SEED, { "layers", 1, "weights", 3, 2 }), 8)
end

function T.missing_paths_fall_back_to_the_nearest_ancestor()
    local map = srcmap.scan(SEED)
    eq(srcmap.has(map, { "layers", 1, "biases" }), false)
    eq(srcmap.has(map, { "layers", 1, "out" }), true)
    eq(srcmap.line(map, { "layers", 1, "biases" }), 5)
    eq(srcmap.line(map, { "layers", 7 }), 4)
    eq(srcmap.line(nil, { "name" }), nil)
end

function T.helper_call_forms()
    local src = [[
return {
  name = "h",
  input = 2,
  layers = {
    dense { out = 3 },
    relu(),
    dense({ out = 1,
            bias = false }),
    leaky_relu { slope = 0.1 },
  },
  loss = "mse",
}
]]
    eq(line(src, { "layers", 1 }), 5)
    eq(line(src, { "layers", 1, "out" }), 5)
    eq(line(src, { "layers", 2 }), 6)
    eq(line(src, { "layers", 3 }), 7)
    eq(line(src, { "layers", 3, "bias" }), 8)
    eq(line(src, { "layers", 4 }), 9)
    eq(line(src, { "loss" }), 11)
end

function T.top_level_locals_referenced_by_name()
    local src = [[
local l1 = {
  op = "dense",
  out = 3,
}
local l2 = { op = "relu" }
local net = {
  name = "loc",
  input = 2,
  layers = { l1, l2, { op = "dense", out = 1 } },
  loss = "mse",
}
return net
]]
    eq(line(src, {}), 6)
    eq(line(src, { "name" }), 7)
    eq(line(src, { "layers", 1 }), 1)
    eq(line(src, { "layers", 1, "out" }), 3)
    eq(line(src, { "layers", 2 }), 5)
    eq(line(src, { "layers", 3 }), 9)
    eq(line(src, { "loss" }), 10)
end

function T.comments_and_long_strings_keep_the_count()
    local src = [==[
-- a comment with { braces } and return { x = 1 }
--[[ a long
comment { over } lines
]]
local doc = [[
two
lines ]]
local s = "a \
b"
return {
  --[=[ another ]] long
  comment ]=]
  name = 'x',   -- name = "not this"
  input = 2,
  layers = { { op = "dense", out = 1 } },
  loss = "mse",
}
]==]
    eq(line(src, {}), 10)
    eq(line(src, { "name" }), 13)
    eq(line(src, { "input" }), 14)
    eq(line(src, { "layers", 1, "out" }), 15)
    eq(line(src, { "loss" }), 16)
end

function T.bracketed_keys_and_computed_values()
    local src = [[
local n = 4
return {
  ["name"] = "k",
  input = n * 2,
  layers = {
    { op = "dense", out = (function() return 3 end)(),
      bias = true },
  },
  loss = "mse",
}
]]
    eq(line(src, { "name" }), 3)
    eq(line(src, { "input" }), 4)
    eq(line(src, { "layers", 1, "out" }), 6)
    eq(line(src, { "layers", 1, "bias" }), 7)
end

function T.no_returned_table()
    eq(srcmap.scan("return 42\n"), nil)
    eq(srcmap.scan(""), nil)
end

return T
