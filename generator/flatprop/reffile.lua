-- reffile: the --reference command: read a point, print the reference values.
-- Takes: the network model and a text file of plain numbers. Gives: the
-- reference evaluator's outputs, loss, gradients (and backward and dx when
-- dy is given) as plain text, one value per line, for diffing.
--
-- Input format: one `key: numbers` entry per line, numbers separated by
-- spaces or commas; a key may repeat to continue its list over several
-- lines; `#` starts a comment; blank lines are ignored. Keys:
--   params: N_PARAMS numbers, in the generated layout; or instead
--   seed:   N, the parameters NAME_init(params, N) writes (the runtime's
--           generator, reproduced in rng.lua)
--   blob:   FILE, a parameter blob NAME_save wrote (checked as the runtime
--           checks it)
--   npy:    FOLDER, one LAYER_TENSOR.npy per tensor (dense1_weights.npy ...,
--           as tools/flatprop_export.h writes them)
--           (none of the four when every layer of the description gives its
--           weights: then the description's weights and biases are used,
--           biases not given 0)
--   x:      N_INPUTS numbers (required)
--   target: N_OUTPUTS numbers (required)
--   dy:     N_OUTPUTS numbers (optional: adds backward and dx)
local blob = require("flatprop.blob")
local errors = require("flatprop.errors")
local npy = require("flatprop.npy")
local reference = require("flatprop.reference")
local rng = require("flatprop.rng")

local M = {}

M.keys = { "params", "seed", "blob", "npy", "x", "target", "dy" }

-- keys whose value is the rest of the line (a path), not numbers
local PATH_KEYS = { blob = true, npy = true }

local function is_finite(v)
    return v == v and v ~= math.huge and v ~= -math.huge
end

-- Parse the text of a reference file; returns { params=, x=, target=, dy= }.
function M.parse(text, file)
    local known = {}
    for _, k in ipairs(M.keys) do
        known[k] = true
    end
    local got = {}
    local n = 0
    for line in (text .. "\n"):gmatch("([^\n]*)\n") do
        n = n + 1
        line = line:gsub("#.*$", ""):gsub("\r$", "")
        if line:find("%S") then
            local key, rest = line:match("^%s*([%a_][%w_]*)%s*:(.*)$")
            if not key then
                errors.user(file, n, "expected 'key: numbers' (keys: "
                    .. table.concat(M.keys, ", ") .. ")")
            end
            if not known[key] then
                errors.user(file, n, "unknown key '" .. key .. "' (keys: "
                    .. table.concat(M.keys, ", ") .. ")")
            end
            if PATH_KEYS[key] then
                local value = rest:match("^%s*(.-)%s*$")
                if value == "" or got[key] then
                    errors.user(file, n, key .. ": expects one path, given once")
                end
                got[key] = value
            else
                local list = got[key] or {}
                got[key] = list
                for word in rest:gmatch("[^%s,]+") do
                    local v = tonumber(word)
                    if not v or not is_finite(v) then
                        errors.user(file, n, "'" .. word .. "' is not a finite number")
                    end
                    list[#list + 1] = v
                end
            end
        end
    end
    return got
end

-- The description's own values as a parameter vector, or nil and the
-- first layer with parameters that does not give its weights.
local function description_params(net)
    local p = {}
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            if T.values then
                for k, v in ipairs(T.values) do
                    p[T.off + k] = v
                end
            elseif T.bias then
                for k = 1, T.size do
                    p[T.off + k] = 0
                end
            else
                return nil, L
            end
        end
    end
    return p
end

-- Check the lengths and fill in params; raises user errors naming the file.
-- What NAME_init(params, seed) writes: the description's values, zero
-- biases and the runtime's uniform draws (lower.lua's init plan).
function M.init_params(net, seed)
    local p = {}
    for _, entry in ipairs(require("flatprop.lower").init_plan(net)) do
        local T = entry.tensor
        local values = entry.values
        if not values and T.bias then
            values = {}
            for k = 1, T.size do
                values[k] = 0
            end
        elseif not values then
            local limit = require("flatprop.C").round(entry.limit, net.type)
            values = rng.uniform(rng.new(seed, entry.layer.k), T.size, limit, net.type)
        end
        for k, v in ipairs(values) do
            p[T.off + k] = v
        end
    end
    return p
end

-- `name` relative to the folder of the file at `path`.
function M.beside(path, name)
    if name:match("^/") then
        return name
    end
    local dir = path:match("^(.*[/\\])") or ""
    return dir .. name
end

function M.read_file(path, what)
    local f, err = require("flatprop.util").open_regular(path)
    if not f then
        errors.user(nil, nil, "cannot read " .. what .. " '" .. path .. "': " .. err)
    end
    local text = f:read("*a")
    f:close()
    if not text then
        errors.user(nil, nil, "cannot read " .. what .. " '" .. path .. "' (a folder?)")
    end
    return text
end

-- The parameters from FOLDER/<layer>_<tensor>.npy, each of its tensor's shape.
function M.npy_params(net, dir)
    local p = {}
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            local name = L.name .. "_" .. T.name .. ".npy"
            local values, why = npy.read(dir .. "/" .. name, name, T.shape)
            if not values then
                errors.user(nil, nil, why)
            end
            for k, v in ipairs(values) do
                p[T.off + k] = v
            end
        end
    end
    return p
end

function M.resolve(net, got, file, file_path)
    file_path = file_path or file
    local function need(key, n, what)
        local v = got[key]
        if v and #v ~= n then
            errors.user(file, nil, string.format("%s has %d numbers, %s has %d %s",
                key, #v, net.name, n, what))
        end
    end
    if not got.x then
        errors.user(file, nil, "missing 'x:' (the " .. net.n_in .. " inputs)")
    end
    if not got.target then
        errors.user(file, nil, "missing 'target:' (the " .. net.n_out .. " targets)")
    end
    need("params", net.n_params, "parameters")
    need("x", net.n_in, "inputs")
    need("target", net.n_out, "outputs")
    need("dy", net.n_out, "outputs")
    local sources = {}
    for _, k in ipairs({ "params", "seed", "blob", "npy" }) do
        if got[k] then
            sources[#sources + 1] = k
        end
    end
    if #sources > 1 then
        errors.user(file, nil, "give the parameters one way, not with both '"
            .. sources[1] .. ":' and '" .. sources[2] .. ":'")
    end
    if got.seed then
        local seed = got.seed[1]
        if #got.seed ~= 1 or seed < 0 or seed >= 4294967296 or math.floor(seed) ~= seed then
            errors.user(file, nil, "seed: expects one integer from 0 to 4294967295")
        end
        got.params = M.init_params(net, seed)
    elseif got.blob then
        local path = M.beside(file_path, got.blob)
        local bytes = M.read_file(path, "parameter blob")
        local values, why = blob.decode(net, bytes)
        if not values then
            errors.user(nil, nil, "blob '" .. got.blob .. "' " .. why)
        end
        got.params = values
    elseif got.npy then
        got.params = M.npy_params(net, M.beside(file_path, got.npy))
    end
    if not got.params then
        local p, L = description_params(net)
        if not p then
            errors.user(file, nil, "missing 'params:' and layer " .. L.index .. " ("
                .. L.name .. ") of the description gives no weights")
        end
        got.params = p
    end
    return got
end

-- The shortest %.Ng text that reads back as exactly v (the same on every
-- Lua: string.format is the C library's).
function M.number(v)
    if v == 0 then
        return (1 / v < 0) and "-0" or "0"
    end
    for p = 1, 17 do
        local s = string.format("%." .. p .. "g", v)
        if tonumber(s) == v then
            return s
        end
    end
    return string.format("%.17g", v)
end

local function where(net, k)
    local L, kind, row, col = reference.locate(net, k)
    local s = string.format("%s %s row %d", L.name, kind, row)
    if col then
        s = s .. " column " .. col
    end
    if not L.trainable then
        s = s .. " (frozen: left as it was)"
    end
    return s
end

-- The report's text.
function M.report(net, v)
    local out = {}
    local function add(s)
        out[#out + 1] = s
    end
    add(string.format("# flatprop reference (double precision): %s from %s, %d parameters",
        net.name, net.file, net.n_params))
    local L, grad, y = reference.gradient(net, v.params, v.x, v.target)
    for i = 1, #y do
        add(string.format("y[%d] = %s", i - 1, M.number(y[i])))
    end
    add("loss = " .. M.number(L))
    for k = 1, net.n_params do
        add(string.format("grad[%d] = %s  # %s", k - 1, M.number(grad[k]), where(net, k - 1)))
    end
    if v.dy then
        local bgrad, dx = reference.backward(net, v.params, v.x, v.dy)
        for k = 1, net.n_params do
            add(string.format("backward.grad[%d] = %s  # %s", k - 1, M.number(bgrad[k]),
                where(net, k - 1)))
        end
        for i = 1, #dx do
            add(string.format("dx[%d] = %s", i - 1, M.number(dx[i])))
        end
    end
    return table.concat(out, "\n") .. "\n"
end

-- Read FILE and return the report's text; raises user errors.
function M.run(net, path)
    local f, err = require("flatprop.util").open_regular(path)
    if not f then
        errors.user(nil, nil, "cannot read reference input '" .. path .. "': " .. err)
    end
    local text = f:read("*a")
    f:close()
    local file = path:gsub("^.*[/\\]", "")
    return M.report(net, M.resolve(net, M.parse(text, file), file, path))
end

return M
