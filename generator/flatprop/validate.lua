-- validate: validate a description and infer every shape.
-- Takes: the raw description table, where it was written, and the options.
-- Gives: the network model that the lowering works from, or the first user
-- error as FILE:LINE: message.
--
-- The model: { name, type, file, in_shape, out_shape, n_in, n_out, n_params,
-- layers = { L... }, loss = { name, line } }. Each layer L has op, rule (its
-- module in ops/), index, line, in_shape, out_shape, n_in, n_out (their
-- sizes), var (its C name stem) and what its op's check gives; a layer with
-- parameters also has k (its number among them), name, trainable and
-- tensors (each with its offset off), and w_off / b_off for the first
-- weight tensor and the bias.
local errors = require("flatprop.errors")
local load = require("flatprop.load")
local ops = require("flatprop.ops")
local losses = require("flatprop.losses")
local util = require("flatprop.util")
local npy = require("flatprop.npy")
local naming = require("flatprop.naming")
local shape = require("flatprop.shape")
local scalar = require("flatprop.scalar")

local M = {}

M.network_fields = { "name", "input", "layers", "loss" }

-- Limits that end absurd descriptions before any work is done.
M.max_width = 1000000
-- No network, unrolled or looped, needs more parameters than this; a larger
-- one is refused at once, before any table of that size is built.
M.max_total_params = 16777216

local function basename(path)
    return (path:gsub("^.*[/\\]", ""))
end

-- The losses this version supports, sorted.
local function loss_names()
    return util.sorted_keys(losses.by_name)
end

-- The input shape: a positive integer, or a list { C, L } or { C, H, W }.
local function input_shape(desc, fail)
    local v = desc.input
    if v == nil then
        fail({}, { desc }, "missing field 'input' (the number of inputs)")
    end
    local dims
    if type(v) == "table" then
        local n = util.array_len(v)
        if not n or n < 1 or n > 3 then
            fail({ "input" }, { desc }, "input must be a positive integer or a list of 2 or 3 "
                .. "positive integers ({ C, L } or { C, H, W }), got "
                .. (n and string.format("a list of %d", n) or util.show(v)))
        end
        dims = {}
        for i = 1, n do
            if not util.is_int(v[i]) or v[i] < 1 then
                fail({ "input", i }, { desc }, string.format(
                    "input[%d] must be a positive integer, got %s", i, util.show(v[i])))
            end
            dims[i] = v[i]
        end
    else
        if not util.is_int(v) or v < 1 then
            fail({ "input" }, { desc }, "input must be a positive integer, got " .. util.show(v))
        end
        dims = { v }
    end
    local size = 1
    for _, d in ipairs(dims) do
        size = size * d
    end
    if size > M.max_width then
        fail({ "input" }, { desc }, string.format("input = %s is larger than the limit of %d",
            #dims == 1 and util.show(dims[1]) or shape.text(dims) .. " (" .. util.show(size)
            .. " values)", M.max_width))
    end
    return dims
end

-- opts: { type = "float"|"double", name = override or nil }
function M.check(desc, where, opts)
    local file = where and where.file
    local function fail(path, tables, msg)
        errors.user(file, load.line_of(where, path, tables), msg)
    end

    for _, k in ipairs(util.unknown_keys(desc, M.network_fields)) do
        if type(k) == "string" then
            fail({ k }, { desc }, "unknown field '" .. k .. "'"
                .. util.suggest(k, M.network_fields))
        end
        fail({}, { desc }, "unexpected " .. util.show(k) .. " key in the network table "
            .. "(fields are written name = value)")
    end

    local net = { type = opts.type or scalar.default, file = basename(file or "?"), path = file }

    local name = opts.name or desc.name
    if name == nil then
        fail({}, { desc }, "missing field 'name' (the C prefix of the generated symbols)")
    end
    local problem = naming.network_name_problem(name)
    if problem then
        if opts.name then
            errors.user(nil, nil, "--name " .. util.show(name) .. " " .. problem)
        end
        fail({ "name" }, { desc }, "name " .. util.show(name) .. " " .. problem)
    end
    net.name = name

    net.in_shape = input_shape(desc, fail)
    net.n_in = shape.size(net.in_shape)

    local layers = desc.layers
    if layers == nil then
        fail({}, { desc }, "missing field 'layers' (the list of layers)")
    end
    local n_layers = util.array_len(layers)
    if not n_layers then
        fail({ "layers" }, { desc }, "layers must be a list of layers, got " .. util.show(layers))
    end
    if n_layers == 0 then
        fail({ "layers" }, { desc }, "layers is empty: a network needs at least one dense layer")
    end

    net.layers = {}
    local cur, offset = net.in_shape, 0
    local names, macro_names = {}, {}
    local n_param, plain_count, prefix_count = 0, 0, {}
    local below_trainable = false
    for i = 1, n_layers do
        local t = layers[i]
        local path = { "layers", i }
        local tables = { desc, layers, t }
        if type(t) ~= "table" then
            fail(path, { desc, layers }, string.format(
                "layer %d must be a table such as { op = \"dense\", out = 4 }, got %s",
                i, util.show(t)))
        end
        local op = t.op
        local rule = ops.by_name[op]
        if op == nil then
            fail(path, tables, string.format("layer %d: missing field 'op' (one of %s)",
                i, table.concat(ops.names(), ", ")))
        elseif type(op) ~= "string" then
            fail(path, tables, string.format("layer %d: op must be a string, got %s",
                i, util.show(op)))
        elseif not rule then
            fail({ "layers", i, "op" }, tables, string.format(
                "layer %d: unknown op '%s'%s (expected one of %s)", i, op,
                util.suggest(op, ops.names()), table.concat(ops.names(), ", ")))
        end
        local prefix = string.format("layer %d (%s): ", i, op)
        local count = 1
        if rule.prefix then
            count = (prefix_count[rule.prefix] or 0) + 1
            prefix_count[rule.prefix] = count
        end
        local c = {
            in_shape = cur,
            n_in = shape.size(cur),
            type = net.type,
            count = count,
        }
        function c.fail(sub, msg)
            local p = { "layers", i }
            for _, k in ipairs(sub) do
                p[#p + 1] = k
            end
            fail(p, tables, prefix .. msg)
        end
        -- weights = "w.npy": read by the generator, never by the description
        function c.npy(field, file_name, want)
            local values, why = npy.read(npy.resolve(file or ".", file_name), field .. " "
                .. file_name, want)
            if not values then
                c.fail({ field }, why)
            end
            return values
        end
        -- the layer's name: the one given, or prefix .. count (dense1, conv2)
        function c.layer_name(given)
            if given == nil then
                return rule.prefix .. count
            end
            local why = naming.layer_name_problem(given)
            if why then
                c.fail({ "name" }, "name " .. util.show(given) .. " " .. why)
            end
            return given
        end
        -- unroll = "full" | "rows" | "loop", or nil for the policy to choose
        function c.unroll_field(tt, shapes)
            if tt.unroll == nil then
                return nil
            end
            for _, s in ipairs(shapes) do
                if tt.unroll == s then
                    return s
                end
            end
            local quoted = {}
            for j, s in ipairs(shapes) do
                quoted[j] = '"' .. s .. '"'
            end
            c.fail({ "unroll" }, "unroll must be " .. table.concat(quoted, ", ", 1, #quoted - 1)
                .. " or " .. quoted[#quoted] .. ", got " .. util.show(tt.unroll))
        end
        function c.limit_width(sub, v)
            if v > M.max_width then
                c.fail(sub, string.format("%s = %s is larger than the limit of %d",
                    sub[#sub], util.show(v), M.max_width))
            end
        end
        -- n more parameters than the layers before this one
        function c.limit_params(sub, n)
            local total = n + offset
            if total > M.max_total_params then
                c.fail(sub, string.format(
                    "the network would have more than %d parameters (%s so far); that is "
                    .. "more than flatprop generates code for", M.max_total_params,
                    util.show(total)))
            end
        end
        for _, k in ipairs(util.unknown_keys(t, rule.fields)) do
            if type(k) == "string" then
                c.fail({ k }, "unknown field '" .. k .. "'" .. util.suggest(k, rule.fields))
            end
            c.fail({}, "unexpected " .. util.show(k) .. " key (fields are written name = value)")
        end
        local L = rule.check(t, c)
        L.op, L.index, L.rule = op, i, rule
        L.line = load.line_of(where, path, { desc, layers, t })
        L.in_shape = cur
        -- a trainable layer before this one: train_step's backward reaches
        -- this layer's input
        L.below = below_trainable
        L.out_shape = L.out_shape or shape.copy(cur)
        L.n_in = shape.size(L.in_shape)
        L.n_out = shape.size(L.out_shape)
        if L.n_out > M.max_width then
            c.fail({}, string.format("its output of %s values is larger than the limit of %d",
                util.show(L.n_out), M.max_width))
        end
        if rule.tensors then
            n_param = n_param + 1
            plain_count = 0
            L.k = n_param
            if names[L.name] then
                c.fail({ "name" }, string.format("name '%s' is already used by layer %d",
                    L.name, names[L.name]))
            end
            local key = naming.macro_key(L.name)
            if macro_names[key] then
                local other = net.layers[macro_names[key]]
                c.fail({ "name" }, string.format("name '%s' and the name '%s' of layer %d differ "
                    .. "only in case, so they collide in the generated macros (%s_%s_...)",
                    L.name, other.name, other.index, name:upper(), key))
            end
            names[L.name], macro_names[key] = i, i
            L.tensors = rule.tensors(L)
            for _, T in ipairs(L.tensors) do
                T.off = offset
                T.size = shape.size(T.shape)
                offset = offset + T.size
                if T.bias then
                    L.b_off = T.off
                elseif not L.w_off then
                    L.w_off = T.off
                end
            end
            L.var = naming.param_stem(n_param)
            below_trainable = below_trainable or L.trainable
        else
            plain_count = plain_count + 1
            L.var = naming.plain_stem(n_param, plain_count)
        end
        net.layers[i] = L
        cur = L.out_shape
    end
    if n_param == 0 then
        fail({ "layers" }, { desc, layers }, "the network has no dense layer, so nothing to train")
    end
    net.out_shape = cur
    net.n_out = shape.size(cur)
    net.n_params = offset

    local loss = desc.loss
    if loss == nil then
        fail({}, { desc }, "missing field 'loss' (one of "
            .. table.concat(loss_names(), ", ") .. ")")
    end
    if type(loss) ~= "string" then
        fail({ "loss" }, { desc }, "loss must be a string, got " .. util.show(loss))
    end
    if not losses.by_name[loss] then
        fail({ "loss" }, { desc }, "unknown loss '" .. loss .. "'"
            .. util.suggest(loss, loss_names()) .. " (expected one of "
            .. table.concat(loss_names(), ", ") .. ")")
    end
    net.loss = { name = loss, rule = losses.by_name[loss],
        line = load.line_of(where, { "loss" }, { desc }) }
    local loss_problem = net.loss.rule.check and net.loss.rule.check(net)
    if loss_problem then
        fail({ "loss" }, { desc }, loss_problem)
    end
    return net
end

return M
