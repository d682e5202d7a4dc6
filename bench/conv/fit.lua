-- fit: refit the flash model of convolution and pooling layers (cost.lua).
-- Takes: a work folder and a count. Gives: random conv networks, each in
-- random code shapes, compiled for the Cortex-M4F at -Os; then the least
-- squares coefficients of cost.lua's conv, pool and element-wise features
-- against the measured size of train_step (dense layers count with their
-- own, already fitted, coefficients), and each network's error with the
-- coefficients cost.lua has now.
--
-- Usage (from the repository root, needs arm-none-eabi-gcc):
--   lua5.4 bench/conv/fit.lua WORK [COUNT [SEED]]
local work = assert(arg[1], "usage: fit.lua WORK [COUNT [SEED]]")
local count = tonumber(arg[2] or "40")
local seed = tonumber(arg[3] or "7")
package.path = "generator/?.lua;generator/?/init.lua;" .. package.path

local load = require("flatprop.load")
local validate = require("flatprop.validate")
local policy = require("flatprop.policy")
local cost = require("flatprop.cost")

local state = seed
local function rand()
    state = (state * 48271) % 2147483647
    return state / 2147483647
end
local function pick(list)
    return list[1 + math.floor(rand() * #list)]
end

local SHAPES = { "full", "rows", "loop" }

-- A random conv network: 1-D or 2-D, one to three conv blocks, a dense head.
local function random_net(k)
    local two = rand() < 0.5
    local C = pick({ 1, 2, 3, 4 })
    local input = two and { C, pick({ 6, 8, 10 }), pick({ 6, 8, 10 }) }
        or { C, pick({ 16, 24, 32, 48 }) }
    local op = two and "conv2d" or "conv1d"
    local lines = {}
    local blocks = 1 + math.floor(rand() * 3)
    local ch = C
    for b = 1, blocks do
        local out = pick({ 2, 4, 8 })
        local groups = (b > 1 and rand() < 0.3 and out == ch) and ch or 1
        local kernel = pick({ 1, 3, two and 3 or 5 })
        local pad = pick({ 0, "\"same\"" })
        local shape = pick(SHAPES)
        if kernel == 1 then
            pad = 0
        end
        lines[#lines + 1] = string.format("    { op = %q, out = %d, kernel = %d, padding = %s, "
            .. "groups = %d, unroll = %q },", op, out, kernel, tostring(pad), groups, shape)
        lines[#lines + 1] = "    { op = \"" .. pick({ "relu", "tanh", "relu" }) .. "\" },"
        if b < blocks and rand() < 0.5 then
            lines[#lines + 1] = string.format("    { op = %q, kernel = 2 },",
                (rand() < 0.7 and "max" or "avg") .. "pool" .. (two and "2d" or "1d"))
        end
        ch = out
    end
    lines[#lines + 1] = "    { op = \"" .. pick({ "flatten", "global_avgpool" }) .. "\" },"
    lines[#lines + 1] = "    { op = \"dense\", out = 3, unroll = \"full\" },"
    local function dims(t)
        local s = {}
        for i, v in ipairs(t) do
            s[i] = tostring(v)
        end
        return table.concat(s, ", ")
    end
    return string.format("return {\n  name = \"f%02d\", input = { %s },\n  layers = {\n%s\n  },\n"
        .. "  loss = \"squared_error\",\n}\n", k, dims(input), table.concat(lines, "\n"))
end

local NAMES = { "conv_mac", "conv_tap", "conv_rows", "conv_loop", "pad_copy", "pool_tap",
    "pool_loop", "elem", "elem_loop", "shaped_net" }

local function features(net)
    local forms, inputs = policy.forms(net)
    local f, known = { shaped_net = 1 }, 0
    for i, L in ipairs(net.layers) do
        local lf
        if L.rule.features then
            lf = L.rule.features(L, forms[i], inputs[i])
        elseif L.rule.kind == "activation" and L.op ~= "identity" and #L.in_shape >= 2 then
            lf = cost.elementwise_features(L, forms[i])
        end
        if L.op == "dense" then
            known = known + cost.bytes(lf)
        elseif lf then
            for k, v in pairs(lf) do
                f[k] = (f[k] or 0) + v
            end
        end
    end
    return f, known
end

local function sh(cmd)
    local p = assert(io.popen(cmd))
    local out = p:read("*a")
    p:close()
    return out
end

local function measure(name, path, net, opts)
    local f, known = features(net)
    opts = opts or ""
    -- KEEP=1 reuses the objects of an earlier run (same seed, same generator)
    local kept = os.getenv("KEEP") and io.open(string.format("%s/%s.o", work, name))
    if kept then
        kept:close()
    else
        sh(string.format("lua5.4 generator/flatprop.lua -o %s %s --name %s %s", work, opts,
            name, path))
        sh(string.format("arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 "
            .. "-mfloat-abi=hard -Os -ffp-contract=off -ffunction-sections -std=c99 "
            .. "-Iruntime/include -c %s/%s.c -o %s/%s.o", work, name, work, name))
    end
    local nm = sh(string.format("arm-none-eabi-nm -S %s/%s.o", work, name))
    local size = nm:match("%x+ (%x+) T " .. name .. "_train_step")
    return { name = name, f = f, known = known, actual = tonumber(size, 16),
        estimate = policy.total(net) }
end


os.execute("mkdir -p " .. work)
local rows = {}
for k = 1, count do
    local path = string.format("%s/f%02d.lua", work, k)
    local fh = assert(io.open(path, "w"))
    fh:write(random_net(k))
    fh:close()
    local desc, where = load.load(path)
    local ok, net = pcall(validate.check, desc, where, { type = "float" })
    if ok then
        net = policy.planned(net, policy.plan(net, {}))
        rows[#rows + 1] = measure(string.format("f%02d", k), path, net)
    end
end
-- and the benchmark networks C1-C3 under three budgets, counted thrice
for _, bench in ipairs({ "c1_digits_cnn", "c2_har", "c3_separable" }) do
    for _, budget in ipairs({ 65536, 16384, 4096 }) do
        local path = "bench/conv/nets/" .. bench .. ".lua"
        local desc, where = load.load(path)
        local net = validate.check(desc, where, { type = "float" })
        net = policy.planned(net, policy.plan(net, { flash_budget = budget }))
        local r = measure(bench .. "_" .. budget, path, net, "--flash-budget " .. budget)
        r.weight = 3
        rows[#rows + 1] = r
    end
end

-- least squares: (X^T X) c = X^T y, by Gaussian elimination
local n = #NAMES
local A, bv = {}, {}
for i = 1, n do
    A[i], bv[i] = {}, 0
    for j = 1, n do
        A[i][j] = 0
    end
end
-- Relative errors count (weight 1 / actual), and a ridge term pulls each
-- coefficient towards cost.lua's present value (the features are far from
-- independent: every loop-shaped layer has a fixed part), so the fit
-- cannot trade one fixed part for another's negative.
local RIDGE = 0.05
for _, r in ipairs(rows) do
    local w = (r.weight or 1) / r.actual
    local y = (r.actual - r.known) * w
    for i = 1, n do
        local fi = (r.f[NAMES[i]] or 0) * w
        bv[i] = bv[i] + fi * y
        for j = 1, n do
            A[i][j] = A[i][j] + fi * (r.f[NAMES[j]] or 0) * w
        end
    end
end
for i = 1, n do
    local prior = cost.BYTES[NAMES[i]]
    local scale = math.max(math.abs(prior), 10)
    A[i][i] = A[i][i] + RIDGE / (scale * scale)
    bv[i] = bv[i] + RIDGE * prior / (scale * scale)
end
for col = 1, n do
    local best = col
    for r = col + 1, n do
        if math.abs(A[r][col]) > math.abs(A[best][col]) then
            best = r
        end
    end
    A[col], A[best] = A[best], A[col]
    bv[col], bv[best] = bv[best], bv[col]
    for r = col + 1, n do
        local m = A[r][col] / A[col][col]
        for c = col, n do
            A[r][c] = A[r][c] - m * A[col][c]
        end
        bv[r] = bv[r] - m * bv[col]
    end
end
local coef = {}
for i = n, 1, -1 do
    local s = bv[i]
    for j = i + 1, n do
        s = s - A[i][j] * coef[j]
    end
    coef[i] = s / A[i][i]
end
print("least squares coefficients (bytes):")
for i, name in ipairs(NAMES) do
    print(string.format("  %-10s %8.2f   (cost.lua now: %s)", name, coef[i], cost.BYTES[name]))
end
print("networks: actual, estimate with cost.lua now, error")
local worst, sum = 0, 0
for _, r in ipairs(rows) do
    local err = (r.estimate - r.actual) / r.actual
    worst = math.max(worst, math.abs(err))
    sum = sum + math.abs(err)
    print(string.format("  %s %7d %7d %+6.1f%%", r.name, r.actual, r.estimate, 100 * err))
end
print(string.format("mean |error| %.1f%%, worst %.1f%%", 100 * sum / #rows, 100 * worst))
