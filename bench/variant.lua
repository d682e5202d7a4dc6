-- variant: a bench network description with the `unroll` shape of each
-- layer set, for bench/run.sh's study of shapes. Takes: a description that
-- is plain data or uses the description helpers (dense { ... }, relu(), ...).
-- Gives: a plain-data description, or the list of layers that take `unroll`.
--
--   lua bench/variant.lua --layers NET.lua
--       prints "NAME OP INPUTS OUTPUTS PARAMS" for each dense / conv layer
--   lua bench/variant.lua NET.lua OUT.lua NAME SHAPE...
--       writes OUT.lua: NET.lua named NAME with unroll = SHAPE on those layers
--       in order ("-" keeps what the description says)
--
-- Bench descriptions are our own, so this runs them without the generator's
-- sandbox; a helper it does not know becomes a layer of that op. Relative
-- .npy / .onnx paths are made absolute, since OUT.lua lives elsewhere.

local function load_description(path)
    local env = { math = math, string = string, table = table, ipairs = ipairs, pairs = pairs,
        tostring = tostring, tonumber = tonumber, type = type, select = select, error = error,
        unpack = table.unpack or unpack }
    setmetatable(env, { __index = function(_, op)
        return function(fields)
            if type(fields) == "number" then -- leaky_relu(0.1)
                fields = { slope = fields }
            end
            local t = {}
            for k, v in pairs(fields or {}) do
                t[k] = v
            end
            t.op = op
            return t
        end
    end })
    local chunk, err
    if setfenv then -- Lua 5.1, LuaJIT
        chunk, err = loadfile(path)
        if chunk then
            setfenv(chunk, env)
        end
    else
        chunk, err = loadfile(path, "t", env)
    end
    if not chunk then
        error(err, 0)
    end
    local net = chunk()
    if type(net) ~= "table" or type(net.layers) ~= "table" then
        error(path .. ": no network table with layers", 0)
    end
    return net
end

local function unrollable(L)
    return L.op == "dense" or tostring(L.op):match("^conv") ~= nil
end

-- the inputs, outputs and parameters of each dense layer (conv layers: "?")
local function layers(net)
    local out, width, count = {}, net.input, 0
    for _, L in ipairs(net.layers) do
        if L.op == "dense" then
            count = count + 1
            local inputs = type(width) == "number" and width or nil
            local params = inputs and (inputs * L.out + ((L.bias == false) and 0 or L.out))
            out[#out + 1] = { name = L.name or ("dense" .. count), op = L.op,
                inputs = inputs or "?", outputs = L.out, params = params or "?" }
            width = L.out
        elseif unrollable(L) then
            out[#out + 1] = { name = L.name or L.op, op = L.op, inputs = "?",
                outputs = L.out or "?", params = "?" }
            width = nil
        elseif L.op == "flatten" or L.op == "global_avgpool" or tostring(L.op):match("pool") then
            width = nil
        end
    end
    return out
end

local function sorted_keys(t)
    local keys = {}
    for k in pairs(t) do
        keys[#keys + 1] = k
    end
    table.sort(keys, function(a, b)
        if type(a) == type(b) then
            return a < b
        end
        return type(a) == "number"
    end)
    return keys
end

local function serialize(v, indent, dir)
    if type(v) == "string" then
        if (v:match("%.npy$") or v:match("%.onnx$")) and not v:match("^/") then
            v = dir .. v
        end
        return string.format("%q", v)
    elseif type(v) == "number" then
        if v == math.floor(v) and math.abs(v) < 2 ^ 53 then
            return string.format("%d", v)
        end
        return string.format("%.17g", v)
    elseif type(v) == "boolean" then
        return tostring(v)
    elseif type(v) == "table" then
        local inner = indent .. "  "
        local parts = {}
        local n = #v
        for i = 1, n do
            parts[#parts + 1] = inner .. serialize(v[i], inner, dir)
        end
        for _, k in ipairs(sorted_keys(v)) do
            if not (type(k) == "number" and k >= 1 and k <= n and k == math.floor(k)) then
                local key = (type(k) == "string" and k:match("^[%a_][%w_]*$")) and k
                    or ("[" .. serialize(k, inner, dir) .. "]")
                parts[#parts + 1] = inner .. key .. " = " .. serialize(v[k], inner, dir)
            end
        end
        if #parts == 0 then
            return "{}"
        end
        return "{\n" .. table.concat(parts, ",\n") .. ",\n" .. indent .. "}"
    end
    error("cannot write a value of type " .. type(v), 0)
end

local function main(args)
    if args[1] == "--layers" and args[2] then
        for _, L in ipairs(layers(load_description(args[2]))) do
            print(L.name, L.op, L.inputs, L.outputs, L.params)
        end
        return
    end
    local src, dst, name = args[1], args[2], args[3]
    if not (src and dst and name) then
        io.stderr:write("usage: lua bench/variant.lua --layers NET.lua\n"
            .. "       lua bench/variant.lua NET.lua OUT.lua NAME SHAPE...\n")
        os.exit(2)
    end
    local net = load_description(src)
    local k = 0
    for _, L in ipairs(net.layers) do
        if unrollable(L) then
            k = k + 1
            local shape = args[3 + k]
            if shape == nil then
                error(src .. ": more layers than shapes given", 0)
            end
            if shape ~= "-" then
                L.unroll = shape
            end
        end
    end
    if args[4 + k] ~= nil then
        error(src .. ": " .. k .. " layers take unroll, more shapes given", 0)
    end
    net.name = name
    local dir = src:match("^(.*/)") or "./"
    local f = assert(io.open(dst, "wb"))
    f:write("-- generated by bench/variant.lua from ", src, "\nreturn ", serialize(net, "", dir),
        "\n")
    f:close()
end

local ok, err = pcall(main, arg)
if not ok then
    io.stderr:write("variant.lua: ", tostring(err), "\n")
    os.exit(1)
end
