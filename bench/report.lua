-- report: bench/run.sh's results file to the tables of bench/README.md.
-- Takes: RESULTS README. Gives: README with the text between the markers
-- <!-- bench:begin --> and <!-- bench:end --> replaced by fresh tables.
local results_path, readme_path = arg[1], arg[2]

local nets, order = {}, {}
local function net(name)
    if not nets[name] then
        nets[name] = { m4 = {} }
        order[#order + 1] = name
    end
    return nets[name]
end

local function words(s)
    local t = {}
    for w in s:gmatch("%S+") do
        t[#t + 1] = w
    end
    return t
end

-- one measured firmware: "insns flash su stack=.. L=.. sum=.. sumsq=.. cyc_MODEL=.. ..."
local function impl(p)
    local text = table.concat(p or {}, " ")
    local function num(key)
        return tonumber(text:match(key:gsub("%-", "%%-") .. "=(%d+)"))
    end
    return { insns = tonumber(p and p[1]), flash = tonumber(p and p[2]),
        su = tonumber(p and p[3]), stack = num("stack"),
        L = text:match("L=(%S+)"), sum = text:match(" sum=(%S+)"),
        cflash = num("cyc_m4-flash"), cram = num("cyc_m4-ram"), ctable = num("cyc_m4-ram-table"),
        stall_fetch = num("stall_fetch"), stall_data = num("stall_data") }
end

local function bars(line)
    local parts = {}
    for q in line:gmatch("[^|]+") do
        parts[#parts + 1] = q
    end
    return parts
end

for line in io.lines(results_path) do
    local w = words(line)
    local n = net(w[1])
    if w[2] == "m4" then
        -- NAME m4 OPT NPARAMS | insns flash su out... | ... | ...
        local parts = {}
        for p in line:gmatch("[^|]+") do
            parts[#parts + 1] = words(p)
        end
        n.n_params = tonumber(parts[1][4])
        n.m4[w[3]] = { gen = impl(parts[2]), a = impl(parts[3]), b = impl(parts[4]) }
    elseif w[2] == "budget" then
        local parts = bars(line)
        local r = impl(words(parts[2]))
        n.budgets = n.budgets or {}
        r.budget = tonumber(w[3])
        r.policy = (parts[3] or ""):gsub("^%s+", ""):gsub("%s+$", "")
        n.budgets[#n.budgets + 1] = r
    elseif w[2] == "layer" then
        -- NAME layer LAYER OP INPUTS OUTPUTS PARAMS
        n.layers = n.layers or {}
        n.layers[#n.layers + 1] = { name = w[3], op = w[4], inputs = w[5], outputs = w[6],
            params = tonumber(w[7]) }
    elseif w[2] == "shape" then
        -- NAME shape OPT S1,S2,... | run
        local parts = bars(line)
        local r = impl(words(parts[2]))
        r.shapes = {}
        for sh in w[4]:gmatch("[^,]+") do
            r.shapes[#r.shapes + 1] = sh
        end
        r.key = w[4]
        n.shapes = n.shapes or {}
        n.shapes[w[3]] = n.shapes[w[3]] or {}
        table.insert(n.shapes[w[3]], r)
    elseif w[2] == "sens" then
        -- NAME sens OPT IMPL LABEL=CYCLES ...
        n.sens = n.sens or {}
        n.sens[w[3]] = n.sens[w[3]] or {}
        local t = {}
        for i = 5, #w do
            local k, v = w[i]:match("^(.-)=(%d+)$")
            if k then
                t[k] = tonumber(v)
            end
        end
        n.sens[w[3]][w[4]] = t
    elseif w[2] == "host_insns" then
        n.host = { gen = tonumber(w[3]), a = tonumber(w[4]), b = tonumber(w[5]) }
    elseif w[2] == "host_time" then
        n.time = {}
        for i = 3, #w - 1, 2 do
            n.time[w[i]] = tonumber(w[i + 1])
        end
    elseif w[2] == "compile" then
        n.gen_s, n.cc_s = tonumber(w[3]), tonumber(w[4])
    end
end

local out = {}
local function row(cells)
    out[#out + 1] = "| " .. table.concat(cells, " | ") .. " |"
end
local function ratio(x, y)
    if not x or not y or y == 0 then
        return "-"
    end
    return string.format("%.2f", x / y)
end

for _, opt in ipairs({ "Os", "O2" }) do
    out[#out + 1] = ""
    out[#out + 1] = string.format("### Cortex-M4F, arm-none-eabi-gcc -%s -ffp-contract=off "
        .. "(QEMU mps2-an386, instructions of one train_step)", opt)
    out[#out + 1] = ""
    row({ "network", "params", "insns gen", "insns (a)", "insns (b)", "gen/(a)", "gen/(b)",
        "insns/param", "flash gen", "B/param", "flash (a)", "flash (b)",
        "stack gen", "stack (a)", "stack (b)", "agree" })
    row({ "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
        "---:", "---:", "---:", "---:", "---:", "---" })
    for _, name in ipairs(order) do
        local n = nets[name]
        local m = n.m4[opt]
        if m then
            -- the sums run in another order, so agreement is to float rounding
            local function close(u, v)
                u, v = tonumber(u), tonumber(v)
                return u and v and math.abs(u - v) <= 1e-5 * math.max(1, math.abs(v))
            end
            local same = (close(m.gen.L, m.a.L) and close(m.gen.L, m.b.L)
                and close(m.gen.sum, m.a.sum) and close(m.gen.sum, m.b.sum)) and "yes"
                or string.format("NO: L %s/%s/%s", m.gen.L, m.a.L, m.b.L)
            if not m.a.insns then
                same = "-"
            end
            row({ name, n.n_params, m.gen.insns, m.a.insns or "-", m.b.insns or "-",
                ratio(m.gen.insns, m.a.insns), ratio(m.gen.insns, m.b.insns),
                string.format("%.1f", m.gen.insns / n.n_params),
                m.gen.flash, string.format("%.1f", m.gen.flash / n.n_params), m.a.flash or "-",
                m.b.flash or "-", m.gen.stack or "-", m.a.stack or "-", m.b.stack or "-",
                same })
        end
    end
end

local function fmt(x, pattern)
    return x and string.format(pattern or "%.2f", x) or "-"
end

-- the cycle tables: gen, (a), (b) with code in flash and in RAM
for _, opt in ipairs({ "Os", "O2" }) do
    out[#out + 1] = ""
    out[#out + 1] = string.format("### Cycles (model) of one train_step, Cortex-M4F, -%s: code in "
        .. "flash (5 wait states + ART) and in zero-wait RAM", opt)
    out[#out + 1] = ""
    row({ "network", "params", "insns gen", "flash gen", "RAM gen", "flash (a)", "RAM (a)",
        "flash (b)", "RAM (b)", "gen/(b) flash", "gen/(b) RAM", "gen/(b) RAM, table ld/st",
        "gen/(a) flash", "gen/(a) RAM", "gen waits for flash", "gen cycles/insn RAM" })
    row({ "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
        "---:", "---:", "---:", "---:", "---:" })
    for _, name in ipairs(order) do
        local n = nets[name]
        local m = n.m4[opt]
        if m then
            local g, a, b = m.gen, m.a, m.b
            local waits = g.cflash and g.stall_fetch and g.stall_data
                and string.format("%.0f %%", 100 * (g.stall_fetch + g.stall_data) / g.cflash)
                or "-"
            row({ name, n.n_params, g.insns or "-", g.cflash or "-", g.cram or "-",
                a.cflash or "-", a.cram or "-", b.cflash or "-", b.cram or "-",
                ratio(g.cflash, b.cflash), ratio(g.cram, b.cram), ratio(g.ctable, b.ctable),
                ratio(g.cflash, a.cflash), ratio(g.cram, a.cram), waits,
                g.cram and g.insns and fmt(g.cram / g.insns) or "-" })
        end
    end
end

out[#out + 1] = ""
out[#out + 1] = "### The unroll policy under `--flash-budget` (Cortex-M4F, -Os)"
out[#out + 1] = ""
row({ "network", "budget B", "layers", "flash", "fits", "insns", "insns / default",
    "cycles flash", "cycles RAM", "flash / default", "RAM / default" })
row({ "---", "---:", "---", "---:", "---", "---:", "---:", "---:", "---:", "---:", "---:" })
for _, name in ipairs(order) do
    local n = nets[name]
    local base = n.m4.Os and n.m4.Os.gen
    for _, v in ipairs(n.budgets or {}) do
        row({ name, v.budget, v.policy, v.flash or "-",
            (v.flash and v.flash <= v.budget) and "yes" or "no", v.insns or "-",
            ratio(v.insns, base and base.insns), v.cflash or "-", v.cram or "-",
            ratio(v.cflash, base and base.cflash), ratio(v.cram, base and base.cram) })
    end
end

-- the study of unroll shapes
local function shape_text(shapes)
    return table.concat(shapes, ", ")
end
local function all_loop(list)
    for _, v in ipairs(list or {}) do
        local loop = true
        for _, sh in ipairs(v.shapes) do
            loop = loop and sh == "loop"
        end
        if loop then
            return v
        end
    end
end
-- the layer a one-layer variant changes (nil for all-loop or a uniform one)
local function changed_layer(v)
    local k, count = nil, 0
    for i, sh in ipairs(v.shapes) do
        if sh ~= "loop" then
            k, count = i, count + 1
        end
    end
    if count == 1 and #v.shapes > 1 then
        return k
    end
end

local studied = false
for _, name in ipairs(order) do
    studied = studied or nets[name].shapes ~= nil
end
local OPTS = { "Os", "O2" }
if studied then
    out[#out + 1] = ""
    out[#out + 1] = "### Unroll shapes, every layer the same (Cortex-M4F, cycles of one train_step)"
    out[#out + 1] = ""
    row({ "network", "opt", "layers", "flash B", "B/param", "insns", "cycles flash",
        "cycles RAM", "cycles/param flash", "cycles/param RAM", "vs (b) flash", "vs (b) RAM" })
    row({ "---", "---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
        "---:" })
    for _, name in ipairs(order) do
        local n = nets[name]
        for _, opt in ipairs(OPTS) do
            local b = n.m4[opt] and n.m4[opt].b or {}
            for _, v in ipairs(n.shapes and n.shapes[opt] or {}) do
                if not changed_layer(v) then
                    row({ name, opt, shape_text(v.shapes), v.flash or "-",
                        v.flash and fmt(v.flash / n.n_params, "%.1f") or "-", v.insns or "-",
                        v.cflash or "-", v.cram or "-",
                        v.cflash and fmt(v.cflash / n.n_params) or "-",
                        v.cram and fmt(v.cram / n.n_params) or "-",
                        ratio(v.cflash, b.cflash), ratio(v.cram, b.cram) })
                end
            end
        end
    end

    out[#out + 1] = ""
    out[#out + 1] = "### Unroll shapes per layer: one layer changed, the others loops "
        .. "(Cortex-M4F; differences from every layer a loop)"
    out[#out + 1] = ""
    row({ "network", "opt", "layer", "in x out", "params", "shape", "flash B", "cycles flash",
        "cycles RAM", "flash B/param", "cycles/param flash", "cycles/param RAM" })
    row({ "---", "---", "---", "---", "---:", "---", "---:", "---:", "---:", "---:", "---:",
        "---:" })
    for _, name in ipairs(order) do
        local n = nets[name]
        for _, opt in ipairs(OPTS) do
            local list = n.shapes and n.shapes[opt] or {}
            local loop = all_loop(list)
            for _, v in ipairs(list) do
                local k = changed_layer(v)
                local L = k and n.layers and n.layers[k]
                if L and loop then
                    local p = L.params
                    local function d(x, y)
                        return (x and y) and (x - y) or nil
                    end
                    local df, dcf, dcr = d(v.flash, loop.flash), d(v.cflash, loop.cflash),
                        d(v.cram, loop.cram)
                    row({ name, opt, L.name, L.inputs .. " x " .. L.outputs, p or "-",
                        v.shapes[k], df and string.format("%+d", df) or "-",
                        dcf and string.format("%+d", dcf) or "-",
                        dcr and string.format("%+d", dcr) or "-",
                        (df and p) and string.format("%+.1f", df / p) or "-",
                        (dcf and p) and string.format("%+.2f", dcf / p) or "-",
                        (dcr and p) and string.format("%+.2f", dcr / p) or "-" })
                end
            end
        end
    end

    -- how far the per-layer differences add up: the budget variants and the
    -- uniform shapes predicted as all-loop plus each non-loop layer's difference
    out[#out + 1] = ""
    out[#out + 1] = "### Do the per-layer differences add up? (-Os; predicted = every layer a "
        .. "loop + the differences above)"
    out[#out + 1] = ""
    row({ "network", "layers", "flash B: measured", "predicted", "cycles flash: measured",
        "predicted", "error", "cycles RAM: measured", "predicted", "error" })
    row({ "---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:" })
    for _, name in ipairs(order) do
        local n = nets[name]
        local list = n.shapes and n.shapes.Os or {}
        local loop = all_loop(list)
        local seen = {}
        local deltas = {}
        for _, v in ipairs(list) do
            local k = changed_layer(v)
            if k and loop then
                deltas[k .. v.shapes[k]] = { f = v.flash - loop.flash,
                    cf = v.cflash - loop.cflash, cr = v.cram - loop.cram }
            end
        end
        local candidates = {}
        for _, v in ipairs(n.budgets or {}) do
            candidates[#candidates + 1] = v
        end
        for _, v in ipairs(list) do
            if not changed_layer(v) then
                candidates[#candidates + 1] = v
            end
        end
        for _, v in ipairs(candidates) do
            local shapes = v.shapes
            if not shapes then -- "dense1 rows, dense2 rows, dense3 full"
                shapes = {}
                for sh in (v.policy or ""):gmatch("%S+ (%a+)") do
                    shapes[#shapes + 1] = sh
                end
            end
            local key = table.concat(shapes, ",")
            if loop and #shapes == #loop.shapes and not seen[key] and key ~= loop.key then
                seen[key] = true
                local pf, pcf, pcr = loop.flash, loop.cflash, loop.cram
                for k, sh in ipairs(shapes) do
                    if sh ~= "loop" then
                        local dd = deltas[k .. sh]
                        if not dd then
                            pf = nil
                            break
                        end
                        pf, pcf, pcr = pf + dd.f, pcf + dd.cf, pcr + dd.cr
                    end
                end
                if pf then
                    row({ name, shape_text(shapes), v.flash or "-", pf, v.cflash or "-", pcf,
                        v.cflash and string.format("%+.1f %%", 100 * (pcf - v.cflash) / v.cflash)
                            or "-",
                        v.cram or "-", pcr,
                        v.cram and string.format("%+.1f %%", 100 * (pcr - v.cram) / v.cram)
                            or "-" })
                end
            end
        end
    end
end

-- how the ratios move with the model's parameters
local sens = false
for _, name in ipairs(order) do
    sens = sens or nets[name].sens ~= nil
end
if sens then
    local labels = { "m4-flash", "ws3", "ws7", "no-prefetch", "no-cache", "m4-ram", "ram-p1",
        "ram-p3" }
    out[#out + 1] = ""
    out[#out + 1] = "### Sensitivity: gen/(b) in cycles under other model parameters "
        .. "(Cortex-M4F, default policy)"
    out[#out + 1] = ""
    row({ "network", "opt", "flash 5 ws (ref.)", "3 ws", "7 ws", "5 ws, no prefetch",
        "5 ws, no caches", "RAM, P = 2 (ref.)", "RAM, P = 1", "RAM, P = 3",
        "RAM, table ld/st" })
    row({ "---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:" })
    for _, name in ipairs(order) do
        local n = nets[name]
        for _, opt in ipairs(OPTS) do
            local t = n.sens and n.sens[opt]
            if t and t.gen and t.b then
                local cells = { name, opt }
                for _, l in ipairs(labels) do
                    cells[#cells + 1] = ratio(t.gen[l], t.b[l])
                end
                local m = n.m4[opt]
                cells[#cells + 1] = m and ratio(m.gen.ctable, m.b.ctable) or "-"
                row(cells)
            end
        end
    end
end

-- the targets of issue 14 (M4F, -Os, default policy), and the fastest shape
-- measured for each placement
out[#out + 1] = ""
out[#out + 1] = "### Cycle targets: train_step / baseline (b), Cortex-M4F, -Os, default policy"
out[#out + 1] = ""
row({ "network", "flash: gen/(b)", "<= 0.60", "fastest measured in flash", "its gen/(b)",
    "RAM: gen/(b)", "<= 0.45", "fastest measured in RAM", "its gen/(b)" })
row({ "---", "---:", "---", "---", "---:", "---:", "---", "---", "---:" })
for _, name in ipairs(order) do
    local n = nets[name]
    local m = n.m4.Os
    if m and m.b and m.b.cflash then
        local g, b = m.gen, m.b
        local all = { { text = "default", r = g } }
        for _, v in ipairs(n.budgets or {}) do
            all[#all + 1] = { text = "budget " .. v.budget .. " (" .. v.policy .. ")", r = v }
        end
        for _, v in ipairs(n.shapes and n.shapes.Os or {}) do
            all[#all + 1] = { text = shape_text(v.shapes), r = v }
        end
        local function fastest(field)
            local best
            for _, c in ipairs(all) do
                if c.r[field] and (not best or c.r[field] < best.r[field]) then
                    best = c
                end
            end
            return best
        end
        local bf, br = fastest("cflash"), fastest("cram")
        local rf, rr = g.cflash / b.cflash, g.cram / b.cram
        row({ name, fmt(rf), rf <= 0.6 and "met" or string.format("missed by %.0f %%",
                100 * (rf / 0.6 - 1)),
            bf.text, ratio(bf.r.cflash, b.cflash), fmt(rr),
            rr <= 0.45 and "met" or string.format("missed by %.0f %%", 100 * (rr / 0.45 - 1)),
            br.text, ratio(br.r.cram, b.cram) })
    end
end

out[#out + 1] = ""
out[#out + 1] = "### Host (x86-64)"
out[#out + 1] = ""
row({ "network", "insns gen", "insns (a)", "insns (b)", "gen/(a)", "gen/(b)",
    "time gen/(a)", "time gen/(b)", "time gen/Eigen", "time loop/Eigen", "ns gen", "ns Eigen",
    "generate s", "gcc -O2 s" })
row({ "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
    "---:", "---:", "---:" })
for _, name in ipairs(order) do
    local n = nets[name]
    local h, t = n.host or {}, n.time or {}
    row({ name, h.gen or "-", h.a or "-", h.b or "-", ratio(h.gen, h.a), ratio(h.gen, h.b),
        ratio(t.gen, t.a), ratio(t.gen, t.b), ratio(t.gen, t.eigen), ratio(t.loop, t.eigen),
        t.gen and string.format("%.0f", t.gen) or "-",
        t.eigen and string.format("%.0f", t.eigen) or "-",
        n.gen_s and string.format("%.2f", n.gen_s) or "-",
        n.cc_s and string.format("%.2f", n.cc_s) or "-" })
end

local f = assert(io.open(readme_path, "rb"))
local text = f:read("*a")
f:close()
local b, e = text:find("<!%-%- bench:begin %-%->.-<!%-%- bench:end %-%->")
if not b then
    error(readme_path .. " has no <!-- bench:begin --> ... <!-- bench:end --> markers")
end
local fresh = "<!-- bench:begin -->\n" .. table.concat(out, "\n") .. "\n\n<!-- bench:end -->"
text = text:sub(1, b - 1) .. fresh .. text:sub(e + 1)
f = assert(io.open(readme_path, "wb"))
f:write(text)
f:close()
