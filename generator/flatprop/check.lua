-- check: validate a description and infer every shape.
-- Takes: the raw description table, where it was written, and the options.
-- Gives: the network model that the lowering works from, or the first user
-- error as FILE:LINE: message.
--
-- The model: { name, type, file, n_in, n_out, n_params, layers = { L... },
-- loss = { name, line } }. Each layer L has op, index, line, n_in, n_out,
-- var (its C name stem) and, for dense layers, name, dense_index, bias,
-- trainable, w_off, b_off, weights, biases.
local errors = require("flatprop.errors")
local load = require("flatprop.load")
local ops = require("flatprop.ops")
local losses = require("flatprop.losses")
local util = require("flatprop.util")
local npy = require("flatprop.npy")

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

    local net = { type = opts.type or "float", file = basename(file or "?"), path = file }

    local name = opts.name or desc.name
    if name == nil then
        fail({}, { desc }, "missing field 'name' (the C prefix of the generated symbols)")
    end
    local problem = util.identifier_problem(name)
    if problem then
        if opts.name then
            errors.user(nil, nil, "--name " .. util.show(name) .. " " .. problem)
        end
        fail({ "name" }, { desc }, "name " .. util.show(name) .. " " .. problem)
    end
    net.name = name

    if desc.input == nil then
        fail({}, { desc }, "missing field 'input' (the number of inputs)")
    end
    if not util.is_int(desc.input) or desc.input < 1 then
        fail({ "input" }, { desc }, "input must be a positive integer, got "
            .. util.show(desc.input))
    end
    if desc.input > M.max_width then
        fail({ "input" }, { desc }, string.format("input = %d is larger than the limit of %d",
            desc.input, M.max_width))
    end
    net.n_in = desc.input

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
    local n, offset, dense_count = net.n_in, 0, 0
    local names, stem_count = {}, {}
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
        local c = {
            n_in = n,
            type = net.type,
            dense_index = dense_count + 1,
            fail = function(sub, msg)
                local p = { "layers", i }
                for _, k in ipairs(sub) do
                    p[#p + 1] = k
                end
                fail(p, tables, prefix .. msg)
            end,
        }
        -- weights = "w.npy": read by the generator, never by the description
        c.npy = function(field, file_name, shape)
            local values, why = npy.read(npy.resolve(file or ".", file_name), field .. " "
                .. file_name, shape)
            if not values then
                c.fail({ field }, why)
            end
            return values
        end
        for _, k in ipairs(util.unknown_keys(t, rule.fields)) do
            if type(k) == "string" then
                c.fail({ k }, "unknown field '" .. k .. "'" .. util.suggest(k, rule.fields))
            end
            c.fail({}, "unexpected " .. util.show(k) .. " key (fields are written name = value)")
        end
        if rule.kind == "dense" and t.out ~= nil and util.is_int(t.out) then
            if t.out > M.max_width then
                c.fail({ "out" }, string.format("out = %d is larger than the limit of %d",
                    t.out, M.max_width))
            end
            local total = n * t.out + offset
            if total > M.max_total_params then
                c.fail({ "out" }, string.format(
                    "the network would have more than %d parameters (%d so far); that is "
                    .. "more than flatprop generates code for", M.max_total_params, total))
            end
        end
        local L = rule.check(t, c)
        L.op, L.index, L.rule = op, i, rule
        L.line = load.line_of(where, path, { desc, layers, t })
        if rule.kind == "dense" then
            dense_count = dense_count + 1
            L.dense_index = dense_count
            if names[L.name] then
                c.fail({ "name" }, string.format("name '%s' is already used by layer %d",
                    L.name, names[L.name]))
            end
            names[L.name] = i
            L.w_off = offset
            offset = offset + L.n_in * L.n_out
            if L.bias then
                L.b_off = offset
                offset = offset + L.n_out
            end
            L.var = "z" .. dense_count
        else
            local stem = "h" .. dense_count
            stem_count[stem] = (stem_count[stem] or 0) + 1
            if stem_count[stem] > 1 then
                stem = stem .. string.char(96 + stem_count[stem]) -- h1b, h1c, ...
            end
            L.var = stem
        end
        net.layers[i] = L
        n = L.n_out
    end
    if dense_count == 0 then
        fail({ "layers" }, { desc, layers }, "the network has no dense layer, so nothing to train")
    end
    net.n_out = n
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
