-- make_nets: write the test networks and the C table that drives them.
-- Takes: an output folder (and optionally a count and a seed). Gives:
-- OUT/<name>.lua descriptions, OUT/nets.cmake (names and scalar types for
-- CMake) and OUT/test_nets.h (typed wrappers plus each network's
-- architecture, written from the same table as the description, never from
-- the generator's output).
--
-- Usage: lua make_nets.lua OUT [COUNT [SEED [PREFIX]]]
local out = assert(arg[1], "usage: make_nets.lua OUT [COUNT [SEED [PREFIX]]]")
local count = tonumber(arg[2] or "24")
local seed = tonumber(arg[3] or "20261129")
local prefix = arg[4] or "tn"

-- A small deterministic generator (exact in doubles on every Lua).
local state = seed % 2147483647
if state == 0 then state = 1 end
local function rand()
    state = (state * 48271) % 2147483647
    return state / 2147483647
end
local function randint(a, b)
    return a + math.floor(rand() * (b - a + 1))
end

local function fmt(v)
    return string.format("%.17g", v)
end

-- Hand-picked shapes first, then random ones.
local fixed = {
    { type = "float", input = 2, loss = "squared_error",
      layers = { { "dense", 3, false }, { "relu" }, { "dense", 1, false } } },
    { type = "double", input = 2, loss = "squared_error",
      layers = { { "dense", 3, false }, { "relu" }, { "dense", 1, false } } },
    { type = "float", input = 1, loss = "mse", layers = { { "dense", 1, true } } },
    { type = "double", input = 32, loss = "mse",
      layers = { { "dense", 32, true }, { "relu" }, { "dense", 32, true }, { "relu" },
                 { "dense", 4, true } } },
    { type = "double", input = 3, loss = "squared_error",
      layers = { { "relu" }, { "dense", 4, true }, { "identity" }, { "dense", 2, false },
                 { "relu" } } },
    { type = "float", input = 5, loss = "squared_error",
      layers = { { "dense", 6, true }, { "relu" }, { "relu" }, { "dense", 6, true },
                 { "dense", 3, true } } },
    -- issue 6: every new op and loss, float and double, frozen layers
    { type = "float", input = 4, loss = "softmax_cross_entropy",
      layers = { { "dense", 8, true }, { "leaky_relu", 0.01 }, { "dense", 6, true },
                 { "sigmoid" }, { "dense", 5, true }, { "tanh" }, { "dense", 3, true } } },
    { type = "double", input = 4, loss = "softmax_cross_entropy",
      layers = { { "dense", 8, true }, { "leaky_relu", 0.01 }, { "dense", 6, true },
                 { "sigmoid" }, { "dense", 5, true }, { "tanh" }, { "dense", 3, true } } },
    { type = "float", input = 6, loss = "mse",
      layers = { { "dense", 8, true, true }, { "relu" }, { "dense", 8, false, true },
                 { "tanh" }, { "dense", 4, true }, { "leaky_relu", -0.25 }, { "dense", 2, true } } },
    { type = "double", input = 6, loss = "softmax_cross_entropy",
      layers = { { "dense", 8, true, true }, { "relu" }, { "dense", 8, false },
                 { "sigmoid" }, { "dense", 4, true, true }, { "identity" }, { "dense", 2, true } } },
    { type = "double", input = 3, loss = "squared_error",
      layers = { { "dense", 5, true }, { "tanh" }, { "sigmoid" }, { "leaky_relu", 0.5 },
                 { "dense", 1, true }, { "sigmoid" } } },
}

local nets = {}
for i = 1, count do
    local spec = fixed[i]
    if not spec then
        spec = { type = (i % 2 == 0) and "double" or "float",
                 loss = rand() < 0.5 and "squared_error" or "mse",
                 input = randint(1, 32), layers = {} }
        local depth = randint(1, 5)
        if rand() < 0.1 then
            spec.layers[#spec.layers + 1] = { "relu" }
        end
        -- activations the random networks draw from (relu most often)
        local function activation()
            local r = rand()
            if r < 0.45 then
                return { "relu" }
            elseif r < 0.6 then
                return { "leaky_relu", (randint(0, 40) - 10) / 64 }
            elseif r < 0.75 then
                return { "sigmoid" }
            elseif r < 0.9 then
                return { "tanh" }
            end
            return { "identity" }
        end
        local last_width
        for d = 1, depth do
            local width = (d == depth) and randint(1, 8) or randint(1, 32)
            -- the first layers of a deeper network are sometimes frozen
            local frozen = d < depth and rand() < 0.2
            spec.layers[#spec.layers + 1] = { "dense", width, rand() < 0.7, frozen }
            local r = rand()
            if d < depth then
                if r < 0.85 then
                    spec.layers[#spec.layers + 1] = activation()
                end
            elseif r < 0.15 then
                spec.layers[#spec.layers + 1] = activation()
            end
            last_width = width
        end
        if last_width >= 2 and rand() < 0.3 then
            spec.loss = "softmax_cross_entropy"
        end
    end
    spec.name = string.format("%s%02d", prefix, i)
    spec.index = i
    spec.given = rand() < 0.25 -- some networks give their weights
    nets[i] = spec
end

local function write(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
end

local cmake, header = {}, {}
for _, net in ipairs(nets) do
    local lines = { "-- test network written by tests/nets/make_nets.lua", "return {",
        string.format("  name = %q,", net.name), string.format("  input = %d,", net.input),
        "  layers = {" }
    local n = net.input
    local dense_j = 0
    for _, l in ipairs(net.layers) do
        if l[1] == "dense" then
            local fields = { string.format("op = \"dense\", out = %d, bias = %s", l[2],
                tostring(l[3])) }
            if l[4] then
                fields[#fields + 1] = "trainable = false"
            end
            -- the loop policies, on some layers of the fourth network on
            -- (chosen by position, so the random draws stay the same)
            dense_j = dense_j + 1
            local pick = (net.index + dense_j) % 4
            if net.index >= 4 and pick == 0 then
                fields[#fields + 1] = "unroll = \"rows\""
            elseif net.index >= 4 and pick == 1 then
                fields[#fields + 1] = "unroll = \"loop\""
            end
            if net.given then
                local rows = {}
                for r = 1, l[2] do
                    local row = {}
                    for c = 1, n do
                        row[c] = fmt(math.floor((rand() * 2 - 1) * 4096) / 4096)
                    end
                    rows[r] = "{ " .. table.concat(row, ", ") .. " }"
                end
                fields[#fields + 1] = "weights = { " .. table.concat(rows, ", ") .. " }"
                if l[3] then
                    local bs = {}
                    for r = 1, l[2] do
                        bs[r] = fmt(math.floor((rand() * 2 - 1) * 256) / 4096)
                    end
                    fields[#fields + 1] = "biases = { " .. table.concat(bs, ", ") .. " }"
                end
            end
            lines[#lines + 1] = "    { " .. table.concat(fields, ", ") .. " },"
            n = l[2]
        elseif l[1] == "leaky_relu" then
            lines[#lines + 1] = string.format("    { op = %q, slope = %s },", l[1], fmt(l[2]))
        else
            lines[#lines + 1] = string.format("    { op = %q },", l[1])
        end
    end
    lines[#lines + 1] = "  },"
    lines[#lines + 1] = string.format("  loss = %q,", net.loss)
    lines[#lines + 1] = "}"
    write(out .. "/" .. net.name .. ".lua", table.concat(lines, "\n") .. "\n")
    cmake[#cmake + 1] = net.name .. " " .. net.type
end
write(out .. "/nets.cmake", "set(TEST_NETS " .. table.concat(cmake, " ") .. ")\n")

header[#header + 1] = "/* Written by tests/nets/make_nets.lua: the test networks' wrappers and"
header[#header + 1] = " * architectures. Do not edit. */"
header[#header + 1] = "#include \"net_table.h\""
for _, net in ipairs(nets) do
    header[#header + 1] = string.format("#include \"%s.h\"", net.name)
end
for _, net in ipairs(nets) do
    header[#header + 1] = string.format("TN_WRAP(%s, %s)", net.name, net.name:upper())
end
header[#header + 1] = "static const tn_net_t tn_nets[] = {"
for _, net in ipairs(nets) do
    local ls = {}
    for _, l in ipairs(net.layers) do
        if l[1] == "dense" then
            ls[#ls + 1] = string.format("{ TN_DENSE, %d, %d, %d, 0 }", l[2], l[3] and 1 or 0,
                l[4] and 1 or 0)
        elseif l[1] == "leaky_relu" then
            ls[#ls + 1] = string.format("{ TN_LEAKY_RELU, 0, 0, 0, %s }", fmt(l[2]))
        else
            ls[#ls + 1] = string.format("{ TN_%s, 0, 0, 0, 0 }", l[1]:upper())
        end
    end
    header[#header + 1] = string.format(
        "    { \"%s\", %d, %d, %s, %d, { %s }, TN_FUNCS(%s) },", net.name,
        net.type == "double" and 1 or 0, net.input,
        "TN_" .. net.loss:upper(), #net.layers,
        table.concat(ls, ", "), net.name)
end
header[#header + 1] = "};"
header[#header + 1] = "#define TN_COUNT (sizeof tn_nets / sizeof tn_nets[0])"
write(out .. "/test_nets.h", table.concat(header, "\n") .. "\n")
