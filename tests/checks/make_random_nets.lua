-- make_random_nets: random architectures for the gradient-check property test.
-- Takes: an output folder, a count and a seed. Gives: OUT/<name>.lua
-- descriptions and OUT/nets.cmake (set(RANDOM_NETS name type ...)).
--
-- The ops and losses are those the generator supports when this runs: the
-- activations of flatprop.ops.by_name (kind "activation") and the losses of
-- flatprop.losses.by_name, so an op added later is picked up without an edit.
-- Depth 1 to 5 dense layers; widths 1 to 32, drawn mostly small so that the
-- whole set builds in a few minutes; bias on and off; some frozen layers;
-- float and double alternate.
--
-- Usage: lua make_random_nets.lua GENERATOR_DIR OUT [COUNT [SEED]]
local gen_dir = assert(arg[1], "usage: make_random_nets.lua GENERATOR_DIR OUT [COUNT [SEED]]")
local out = assert(arg[2], "usage: make_random_nets.lua GENERATOR_DIR OUT [COUNT [SEED]]")
local count = tonumber(arg[3] or "200")
local seed = tonumber(arg[4] or "31337")
package.path = gen_dir .. "/?.lua;" .. gen_dir .. "/?/init.lua;" .. package.path

local ops = require("flatprop.ops")
local losses = require("flatprop.losses")

local function sorted_keys(t, keep)
    local r = {}
    for k, v in pairs(t) do
        if keep(v) then
            r[#r + 1] = k
        end
    end
    table.sort(r)
    return r
end
local activations = sorted_keys(ops.by_name, function(rule) return rule.kind == "activation" end)
local loss_names = sorted_keys(losses.by_name, function() return true end)

local state = seed % 2147483647
local function rand()
    state = (state * 48271) % 2147483647
    return state / 2147483647
end
local function randint(a, b)
    return a + math.floor(rand() * (b - a + 1))
end
local function pick(list)
    return list[randint(1, #list)]
end
-- 1..32, mostly small: a quarter up to 32, the rest up to 8
local function width()
    if rand() < 0.25 then
        return randint(1, 32)
    end
    return randint(1, 8)
end

local function write(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
end

local list = {}
local used_ops, used_losses = {}, {}
for i = 1, count do
    local name = string.format("rn%03d", i)
    local ty = (i % 2 == 0) and "double" or "float"
    -- cycle through the losses and activations first so each appears
    local loss = loss_names[(i - 1) % #loss_names + 1]
    if i > #loss_names * 2 then
        loss = pick(loss_names)
    end
    used_losses[loss] = true
    local depth = randint(1, 5)
    local lines = { "-- written by tests/checks/make_random_nets.lua", "return {",
        string.format("  name = %q,", name), string.format("  input = %d,", width()),
        "  layers = {" }
    if rand() < 0.1 then
        local a = pick(activations)
        used_ops[a] = true
        lines[#lines + 1] = string.format("    { op = %q },", a)
    end
    for d = 1, depth do
        local out = width()
        if d == depth then -- softmax cross-entropy needs two outputs or more
            out = math.max(out, losses.by_name[loss].min_outputs or 1)
        end
        local fields = { string.format("op = \"dense\", out = %d", out) }
        if rand() < 0.4 then
            fields[#fields + 1] = "bias = false"
        end
        if depth > 1 and rand() < 0.1 then
            fields[#fields + 1] = "trainable = false"
        end
        lines[#lines + 1] = "    { " .. table.concat(fields, ", ") .. " },"
        if d < depth or rand() < 0.3 then
            local a = (i <= #activations and d == 1) and activations[i] or pick(activations)
            used_ops[a] = true
            lines[#lines + 1] = string.format("    { op = %q },", a)
            if rand() < 0.1 then
                a = pick(activations)
                used_ops[a] = true
                lines[#lines + 1] = string.format("    { op = %q },", a)
            end
        end
    end
    lines[#lines + 1] = "  },"
    lines[#lines + 1] = string.format("  loss = %q,", loss)
    lines[#lines + 1] = "}"
    write(out .. "/" .. name .. ".lua", table.concat(lines, "\n") .. "\n")
    list[#list + 1] = name .. " " .. ty
end
write(out .. "/nets.cmake", "set(RANDOM_NETS " .. table.concat(list, " ") .. ")\n"
    .. "set(RANDOM_NETS_OPS " .. table.concat(activations, " ") .. ")\n"
    .. "set(RANDOM_NETS_LOSSES " .. table.concat(loss_names, " ") .. ")\n")
for _, a in ipairs(activations) do
    assert(used_ops[a], "op " .. a .. " was never drawn: raise the count")
end
for _, l in ipairs(loss_names) do
    assert(used_losses[l], "loss " .. l .. " was never drawn: raise the count")
end
