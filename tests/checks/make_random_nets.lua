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
-- Every CONV_EVERY-th network is a small 1-D or 2-D conv network (in turn):
-- one to three convolutions with every field drawn (stride, dilation,
-- groups and depthwise, each padding form, bias, frozen, the unroll shape),
-- activations and max or average pools (stride, padding,
-- count_include_pad), then flatten or global_avgpool and a dense head. The
-- end asserts that every op, loss and conv feature was drawn.
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

-- every CONV_EVERY-th network is a conv network
local CONV_EVERY = 4

local list = {}
local used_ops, used_losses = {}, {}
local used = {} -- the conv and pool features drawn (checked at the end)

-- A field value as Lua text: a number, a string or nested lists.
local function lua(v)
    if type(v) == "table" then
        local parts = {}
        for k, e in ipairs(v) do
            parts[k] = lua(e)
        end
        return "{ " .. table.concat(parts, ", ") .. " }"
    elseif type(v) == "string" then
        return string.format("%q", v)
    end
    return tostring(v)
end

local function per_dim_value(values)
    if #values == 1 or (values[1] == values[2] and rand() < 0.5) then
        return values[1]
    end
    return values
end

-- A conv layer over `shape` (C, sizes...): its fields and its output shape.
-- Every field is drawn, then the kernel and dilation shrink until the
-- output has at least one position.
local function conv_layer(shape, ndim, frozen_ok)
    local C = shape[1]
    local groups, n_out = 1, randint(1, 4)
    local r = rand()
    if r < 0.25 then
        groups, n_out = C, C -- depthwise
        used[C > 1 and "depthwise" or "groups 1"] = true
    elseif r < 0.45 then
        local divisors = {}
        for g = 2, C do
            if C % g == 0 then
                divisors[#divisors + 1] = g
            end
        end
        if #divisors > 0 then
            groups = pick(divisors)
            n_out = groups * randint(1, 2)
            used["groups"] = true
        end
    end
    local kernel, stride, dilation, pads = {}, {}, {}, {}
    for d = 1, ndim do
        kernel[d] = randint(1, 3)
        stride[d] = rand() < 0.3 and 2 or 1
        dilation[d] = rand() < 0.25 and 2 or 1
    end
    local fields = { string.format("op = \"conv%dd\", out = %d", ndim, n_out) }
    -- padding: absent, "valid", "same" (stride 1), a number, per dimension,
    -- or { before, after } pairs
    local form = pick({ "none", "valid", "same", "number", "per_dim", "pair" })
    local all_one = true
    for d = 1, ndim do
        all_one = all_one and stride[d] == 1
    end
    if form == "same" and not all_one then
        form = "pair"
    end
    local pad_text
    for d = 1, ndim do
        if form == "same" then
            local total = dilation[d] * (kernel[d] - 1)
            pads[d] = { math.floor(total / 2), total - math.floor(total / 2) }
        elseif form == "number" then
            pads[d] = pads[1] or { randint(0, 2), 0 }
            pads[d][2] = pads[d][1]
        elseif form == "per_dim" then
            local p = randint(0, 2)
            pads[d] = { p, p }
        elseif form == "pair" then
            pads[d] = { randint(0, 2), randint(0, 2) }
        else
            pads[d] = { 0, 0 }
        end
    end
    used["padding " .. form] = true
    if form == "valid" or form == "same" then
        pad_text = lua(form)
    elseif form == "number" then
        pad_text = tostring(pads[1][1])
    elseif form == "per_dim" then
        local v = {}
        for d = 1, ndim do
            v[d] = pads[d][1]
        end
        pad_text = lua(v)
    elseif form == "pair" then
        pad_text = lua(pads)
    end
    local outs = {}
    for d = 1, ndim do
        local padded = shape[d + 1] + pads[d][1] + pads[d][2]
        while dilation[d] * (kernel[d] - 1) + 1 > padded do
            if dilation[d] > 1 then
                dilation[d] = 1
            else
                kernel[d] = kernel[d] - 1
            end
        end
        if form == "same" then -- the padding follows the kernel
            local total = dilation[d] * (kernel[d] - 1)
            pads[d] = { math.floor(total / 2), total - math.floor(total / 2) }
            padded = shape[d + 1] + total
        end
        outs[d] = math.floor((padded - dilation[d] * (kernel[d] - 1) - 1) / stride[d]) + 1
        used[stride[d] > 1 and "stride" or "stride 1"] = true
        used[dilation[d] > 1 and "dilation" or "dilation 1"] = true
    end
    fields[#fields + 1] = "kernel = " .. lua(per_dim_value(kernel))
    for _, f in ipairs({ { "stride", stride }, { "dilation", dilation } }) do
        local any = false
        for d = 1, ndim do
            any = any or f[2][d] ~= 1
        end
        if any or rand() < 0.2 then
            fields[#fields + 1] = f[1] .. " = " .. lua(per_dim_value(f[2]))
        end
    end
    if pad_text then
        fields[#fields + 1] = "padding = " .. pad_text
    end
    if groups > 1 then
        fields[#fields + 1] = "groups = " .. groups
    end
    if rand() < 0.3 then
        fields[#fields + 1] = "bias = false"
    end
    if frozen_ok and rand() < 0.2 then
        fields[#fields + 1] = "trainable = false"
        used["frozen conv"] = true
    end
    if rand() < 0.35 then
        local u = pick({ "full", "rows", "loop" })
        fields[#fields + 1] = string.format("unroll = %q", u)
        used["unroll " .. u] = true
    end
    local next_shape = { n_out }
    for d = 1, ndim do
        next_shape[d + 1] = outs[d]
    end
    return "{ " .. table.concat(fields, ", ") .. " }", next_shape
end

-- A pool over `shape`: kernel up to 3 (within the size), stride up to the
-- kernel, padding up to half the kernel.
local function pool_layer(shape, ndim)
    local kind = rand() < 0.5 and "max" or "avg"
    local kernel, stride, pad, outs = {}, {}, {}, {}
    for d = 1, ndim do
        kernel[d] = randint(1, math.min(3, shape[d + 1] + 1))
        stride[d] = randint(1, kernel[d])
        pad[d] = rand() < 0.4 and randint(0, math.floor(kernel[d] / 2)) or 0
        while kernel[d] > shape[d + 1] + 2 * pad[d] do
            kernel[d] = kernel[d] - 1
            stride[d] = math.min(stride[d], kernel[d])
            pad[d] = math.min(pad[d], math.floor(kernel[d] / 2))
        end
        outs[d] = math.floor((shape[d + 1] + 2 * pad[d] - kernel[d]) / stride[d]) + 1
    end
    local fields = { string.format("op = \"%spool%dd\", kernel = %s", kind, ndim,
        lua(per_dim_value(kernel))) }
    local same = true
    for d = 1, ndim do
        same = same and stride[d] == kernel[d]
    end
    if not same or rand() < 0.2 then
        fields[#fields + 1] = "stride = " .. lua(per_dim_value(stride))
    end
    local padded = false
    for d = 1, ndim do
        padded = padded or pad[d] > 0
    end
    if padded then
        fields[#fields + 1] = "padding = " .. lua(per_dim_value(pad))
    end
    used[kind .. "pool" .. (padded and " padded" or "")] = true
    if kind == "avg" and rand() < (padded and 0.6 or 0.1) then
        fields[#fields + 1] = "count_include_pad = false"
        used[padded and "count_include_pad = false, padded" or "count_include_pad = false"]
            = true
    end
    local next_shape = { shape[1] }
    for d = 1, ndim do
        next_shape[d + 1] = outs[d]
    end
    return "{ " .. table.concat(fields, ", ") .. " }", next_shape
end

-- A random 1-D or 2-D conv network: one to three conv layers, each maybe
-- followed by an activation and a pool, then flatten or global_avgpool and
-- one or two dense layers. Small sizes, so that its unrolled code builds fast.
local function conv_net(name, ndim, loss, first_activation)
    local shape = { randint(1, 3) }
    for d = 1, ndim do
        shape[d + 1] = ndim == 1 and randint(4, 14) or randint(3, 7)
    end
    used["conv" .. ndim .. "d"] = true
    local lines = { "-- written by tests/checks/make_random_nets.lua", "return {",
        string.format("  name = %q,", name), "  input = " .. lua(shape) .. ",", "  layers = {" }
    local n_conv = randint(1, ndim == 1 and 3 or 2)
    for k = 1, n_conv do
        local text
        text, shape = conv_layer(shape, ndim, true)
        lines[#lines + 1] = "    " .. text .. ","
        if rand() < 0.8 then
            local a = (k == 1 and first_activation) or pick(activations)
            used_ops[a] = true
            lines[#lines + 1] = string.format("    { op = %q },", a)
        end
        if rand() < 0.5 then
            text, shape = pool_layer(shape, ndim)
            lines[#lines + 1] = "    " .. text .. ","
        end
    end
    local n = 1
    for d = 1, #shape do
        n = n * shape[d]
    end
    if rand() < 0.5 then
        lines[#lines + 1] = "    { op = \"flatten\" },"
        used["flatten"] = true
    else
        lines[#lines + 1] = "    { op = \"global_avgpool\" },"
        used["global_avgpool"] = true
        n = shape[1]
    end
    local depth = randint(1, 2)
    for d = 1, depth do
        local n_out = randint(1, 6)
        if d == depth then
            n_out = math.max(n_out, losses.by_name[loss].min_outputs or 1)
        end
        local fields = { string.format("op = \"dense\", out = %d", n_out) }
        if rand() < 0.3 then
            fields[#fields + 1] = "bias = false"
        end
        lines[#lines + 1] = "    { " .. table.concat(fields, ", ") .. " },"
        if d < depth then
            local a = pick(activations)
            used_ops[a] = true
            lines[#lines + 1] = string.format("    { op = %q },", a)
        end
    end
    lines[#lines + 1] = "  },"
    lines[#lines + 1] = string.format("  loss = %q,", loss)
    lines[#lines + 1] = "}"
    return table.concat(lines, "\n") .. "\n", n
end

for i = 1, count do
    local name = string.format("rn%03d", i)
    local ty = (i % 2 == 0) and "double" or "float"
    -- cycle through the losses and activations first so each appears
    local loss = loss_names[(i - 1) % #loss_names + 1]
    if i > #loss_names * 2 then
        loss = pick(loss_names)
    end
    used_losses[loss] = true
    if i % CONV_EVERY == 0 then
        -- every CONV_EVERY-th network is a conv network, 1-D and 2-D in turn
        local k = math.floor(i / CONV_EVERY)
        local text = conv_net(name, k % 2 + 1, loss, activations[(k - 1) % #activations + 1])
        write(out .. "/" .. name .. ".lua", text)
        list[#list + 1] = name .. " " .. ty
    else
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
for _, f in ipairs({ "conv1d", "conv2d", "depthwise", "groups", "stride", "dilation",
    "padding none", "padding valid", "padding same", "padding number", "padding per_dim",
    "padding pair", "maxpool", "maxpool padded", "avgpool", "avgpool padded",
    "count_include_pad = false, padded", "flatten", "global_avgpool", "frozen conv",
    "unroll full", "unroll rows", "unroll loop" }) do
    assert(used[f], "conv feature '" .. f .. "' was never drawn: raise the count")
end
