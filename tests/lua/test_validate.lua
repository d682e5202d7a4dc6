-- Tests of validate.lua: the network model built from a description.
local compile = require("flatprop.compile")
local validate = require("flatprop.validate")
local expect = require("expect")
local eq = expect.eq

local T = {}

local function model(path, opts)
    opts = opts or { type = "float" }
    return compile.compile(path, { stop = "check", type = opts.type, name = opts.name }).net
end

local function model_of(src, opts)
    local path = expect.write_temp(src)
    local ok, net = pcall(model, path, opts)
    os.remove(path)
    if not ok then
        error(type(net) == "table" and require("flatprop.errors").format(net) or net, 0)
    end
    return net
end

function T.seed_model()
    local net = model(expect.root .. "/examples/seed/seed.lua")
    eq(net.name, "seed")
    eq(net.type, "float")
    eq(net.file, "seed.lua")
    eq(net.n_in, 2)
    eq(net.n_out, 1)
    eq(net.n_params, 9)
    eq(#net.layers, 3)
    local l1, l2, l3 = net.layers[1], net.layers[2], net.layers[3]
    eq(l1.op, "dense")
    eq(l1.name, "dense1")
    eq(l1.n_in, 2)
    eq(l1.n_out, 3)
    eq(l1.w_off, 0)
    eq(l1.b_off, nil)
    eq(l1.bias, false)
    eq(l1.var, "z1")
    eq(l1.line, 5)
    eq(l2.op, "relu")
    eq(l2.n_in, 3)
    eq(l2.n_out, 3)
    eq(l2.var, "h1")
    eq(l2.line, 7)
    eq(l3.name, "dense2")
    eq(l3.w_off, 6)
    eq(l3.var, "z2")
    eq(l3.dense_index, 2)
    eq(l3.weights[1][3], -0.5)
    eq(net.loss.name, "squared_error")
    eq(net.loss.line, 10)
end

function T.defaults_bias_trainable_names()
    local net = model_of([[
return {
  name = "d", input = 3,
  layers = { { op = "dense", out = 2 }, { op = "relu" }, { op = "relu" },
             { op = "dense", out = 4, trainable = false, name = "head" },
             { op = "dense", out = 1 } },
  loss = "mse",
}
]])
    local l1, l4, l5 = net.layers[1], net.layers[4], net.layers[5]
    eq(l1.bias, true)
    eq(l1.trainable, true)
    eq(l1.name, "dense1")
    eq(l1.w_off, 0)
    eq(l1.b_off, 6)
    eq(net.layers[2].var, "h1")
    eq(net.layers[3].var, "h1b")
    eq(l4.name, "head")
    eq(l4.trainable, false)
    eq(l4.w_off, 8)
    eq(l4.b_off, 16)
    eq(l5.name, "dense3") -- counts dense layers, named or not
    eq(l5.w_off, 20)
    eq(l5.b_off, 24)
    eq(net.n_params, 25)
    eq(net.n_out, 1)
end

function T.name_option_overrides()
    local net = validate.check({ name = "a", input = 1, layers = { { op = "dense", out = 1 } },
        loss = "mse" }, nil, { type = "double", name = "b" })
    eq(net.name, "b")
    eq(net.type, "double")
    local msg = expect.user_error(validate.check, { name = "a", input = 1,
        layers = { { op = "dense", out = 1 } }, loss = "mse" }, nil, { name = "int" })
    eq(msg, "--name \"int\" is a C keyword")
end

function T.errors_without_a_source_map()
    local msg = expect.user_error(validate.check, { name = "a", input = 0 }, nil, {})
    eq(msg, "input must be a positive integer, got 0")
end

function T.float_range_depends_on_type()
    local src = [[
return { name = "r", input = 1,
  layers = { { op = "dense", out = 1, weights = { { 1e39 } } } }, loss = "mse" }
]]
    eq(model_of(src, { type = "double" }).layers[1].weights[1][1], 1e39)
    local ok, err = pcall(model_of, src, { type = "float" })
    eq(ok, false)
    expect.contains(err, ":2: layer 1 (dense): weights[1][1] = 1e+39 is outside the range of float")
end

return T
