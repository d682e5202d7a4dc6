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
        local function impl(p)
            return { insns = tonumber(p[1]), flash = tonumber(p[2]), su = tonumber(p[3]),
                stack = tonumber((p[4] or ""):match("stack=(%d+)")),
                L = (table.concat(p, " "):match("L=(%S+)")),
                sum = (table.concat(p, " "):match("sum=(%S+)")) }
        end
        n.m4[w[3]] = { gen = impl(parts[2]), a = impl(parts[3]), b = impl(parts[4]) }
    elseif w[2] == "budget" then
        local parts = {}
        for p in line:gmatch("[^|]+") do
            parts[#parts + 1] = p
        end
        local r = words(parts[2])
        n.budgets = n.budgets or {}
        n.budgets[#n.budgets + 1] = { budget = tonumber(w[3]), insns = tonumber(r[1]),
            flash = tonumber(r[2]), policy = (parts[3] or ""):gsub("^%s+", ""):gsub("%s+$", "") }
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
            row({ name, n.n_params, m.gen.insns, m.a.insns, m.b.insns,
                ratio(m.gen.insns, m.a.insns), ratio(m.gen.insns, m.b.insns),
                string.format("%.1f", m.gen.insns / n.n_params),
                m.gen.flash, string.format("%.1f", m.gen.flash / n.n_params), m.a.flash,
                m.b.flash, m.gen.stack or "-", m.a.stack or "-", m.b.stack or "-", same })
        end
    end
end

out[#out + 1] = ""
out[#out + 1] = "### The unroll policy under `--flash-budget` (Cortex-M4F, -Os)"
out[#out + 1] = ""
row({ "network", "budget B", "layers", "flash", "fits", "insns", "insns / default" })
row({ "---", "---:", "---", "---:", "---", "---:", "---:" })
for _, name in ipairs(order) do
    local n = nets[name]
    local base = n.m4.Os and n.m4.Os.gen.insns
    for _, v in ipairs(n.budgets or {}) do
        row({ name, v.budget, v.policy, v.flash or "-",
            (v.flash and v.flash <= v.budget) and "yes" or "no", v.insns or "-",
            ratio(v.insns, base) })
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
