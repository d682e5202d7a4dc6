-- test_policy: the per-layer unroll policy and --flash-budget, through the
-- driver as the command line runs it.
-- Usage: lua test_policy.lua ROOT WORKDIR
local root, work = assert(arg[1]), assert(arg[2])
package.path = root .. "/generator/?.lua;" .. root .. "/generator/?/init.lua;" .. package.path
local driver = require("flatprop.driver")

local failures, count = 0, 0
local function check(cond, what)
    count = count + 1
    if not cond then
        failures = failures + 1
        io.stderr:write("FAIL: ", what, "\n")
    end
end

local function write(path, text)
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
end

local function read(path)
    local f = io.open(path, "rb")
    if not f then
        return nil
    end
    local t = f:read("*a")
    f:close()
    return t
end

-- run the generator; returns status, stderr text, generated C (or nil)
local function run(args, name)
    local err = {}
    local sink = { write = function(_, ...)
        for _, s in ipairs({ ... }) do
            err[#err + 1] = s
        end
    end }
    os.remove(work .. "/" .. (name or "") .. ".c")
    local status = driver.main(args, { templates = root .. "/templates", stderr = sink,
        stdout = sink })
    return status, table.concat(err), name and read(work .. "/" .. name .. ".c")
end

local function net(name, layer1_extra)
    local path = work .. "/" .. name .. ".lua"
    write(path, "return { name = '" .. name .. "', input = 20, layers = {\n"
        .. "  { op = 'dense', out = 30" .. (layer1_extra or "") .. " },\n"
        .. "  { op = 'relu' },\n"
        .. "  { op = 'dense', out = 2 } }, loss = 'mse' }\n")
    return path
end

-- the worked example stays straight-line by default
do
    local st, _, c = run({ "-o", work, root .. "/examples/seed/seed.lua" }, "seed")
    check(st == 0 and c, "seed generates")
    check(c and not c:find("for (", 1, true) and not c:find("while (", 1, true),
        "default seed output has no loop")
    check(c and c:find("Unrolling: dense1 full, dense2 full;", 1, true),
        "banner states the unrolling")
end

-- a layer's own field wins and shows in the banner
do
    local st, _, c = run({ "-o", work, net("pa", ", unroll = 'loop'") }, "pa")
    check(st == 0, "unroll = 'loop' accepted")
    check(c and c:find("dense1 loop (asked), dense2 rows", 1, true), "asked policy in banner")
    check(c and c:find("for (int o = 0; o < 30; o++) {", 1, true), "row loop emitted")
    check(c and c:find("for (int i = 1; i < 20; i++) {", 1, true), "input loop emitted")
    st, _, c = run({ "-o", work, net("pr", ", unroll = 'rows'") }, "pr")
    check(st == 0 and c and c:find("for (int o = 0; o < 30; o++) {", 1, true)
        and not c:find("for (int i", 1, true), "rows: a row loop, inputs unrolled")
end

-- a bad value names the field and the choices
do
    local st, err = run({ "-o", work, net("pb", ", unroll = 'some'") })
    check(st == 1, "bad unroll is a user error")
    check(err:find("pb.lua:2:", 1, true) and err:find('unroll must be "full", "rows" or '
        .. '"loop", got "some"', 1, true), "bad unroll message: " .. err)
end

-- the flash budget steps the costliest layer down first, and says so
do
    local st, _, c = run({ "-o", work, "--flash-budget", "5000", net("pc") }, "pc")
    check(st == 0, "--flash-budget accepted")
    check(c and c:find("Unrolling: dense1 rows, dense2 loop;", 1, true)
        and c:find("loops where the flash budget of 5000 bytes needs them", 1, true),
        "budget switches dense2 (the larger saving) to a loop")
    check(c and c:find("--flash-budget 5000", 1, true), "options in banner")
    st, _, c = run({ "-o", work, "--flash-budget", "1", net("pd") }, "pd")
    check(st == 0 and c and c:find("dense1 loop, dense2 loop; shapes by", 1, true)
        and c:find("over the flash budget of 1 ", 1, true), "tiny budget: all loops, said")
    for _, bad in ipairs({ "0", "-5", "12k", "" }) do
        st = run({ "-o", work, "--flash-budget", bad, net("pe") })
        check(st == 2, "--flash-budget " .. bad .. " is a usage error")
    end
end

-- --placement: shapes by estimated cycles; 20 inputs are past the 16 that
-- a fully unrolled layer keeps in registers, so dense1 (20 -> 30) is "rows"
-- in both placements, dense2 (30 -> 2) too, a 2-input layer stays unrolled
do
    local policy = require("flatprop.policy")
    local cost = require("flatprop.cost")
    for _, placement in ipairs({ "flash", "ram" }) do
        local st, _, c = run({ "-o", work, "--placement", placement, net("pp") }, "pp")
        check(st == 0, "--placement " .. placement .. " accepted")
        check(c and c:find("Unrolling: dense1 rows, dense2 rows; shapes by estimated cycles "
            .. "for --placement " .. placement .. " (" .. cost.PLACEMENT_TEXT[placement] .. ")",
            1, true), "placement and why in banner: " .. placement)
        check(c and c:find("--placement " .. placement, 1, true), "option in banner")
        local _, out = run({ "--report", "--placement", placement, net("pp") })
        check(out:find("unrolling: dense1 rows, dense2 rows; shapes by estimated cycles for "
            .. "--placement " .. placement, 1, true), "--report says the placement")
    end
    -- default is flash, and says so
    local _, _, c = run({ "-o", work, net("pq") }, "pq")
    check(c and c:find("for --placement flash (", 1, true), "default placement is flash")
    -- the model's ranking: full up to 16 inputs, rows from 17 on, both
    -- placements; loop is always the slowest
    for _, placement in ipairs({ "flash", "ram" }) do
        for _, dims in ipairs({ { 8, 16 }, { 16, 16 }, { 16, 4 } }) do
            local L = { op = "dense", n_in = dims[1], n_out = dims[2], trainable = true,
                below = true }
            local f, r, l = cost.cycles(L, "full", placement, true),
                cost.cycles(L, "rows", placement, true), cost.cycles(L, "loop", placement, true)
            check(f < r and r < l, string.format("%s %dx%d: full %d < rows %d < loop %d",
                placement, dims[1], dims[2], f, r, l))
        end
        for _, dims in ipairs({ { 32, 64 }, { 64, 32 }, { 32, 8 }, { 64, 10 } }) do
            local L = { op = "dense", n_in = dims[1], n_out = dims[2], trainable = true,
                below = true }
            local f, r, l = cost.cycles(L, "full", placement, false),
                cost.cycles(L, "rows", placement, false), cost.cycles(L, "loop", placement, false)
            check(r < f and f < l, string.format("%s %dx%d: rows %d < full %d < loop %d",
                placement, dims[1], dims[2], r, f, l))
        end
        -- RAM is never slower than flash
        local L = { op = "dense", n_in = 16, n_out = 16, trainable = true, below = true }
        check(cost.cycles(L, "full", "ram", true) <= cost.cycles(L, "full", "flash", true),
            "RAM estimate at most flash")
    end
    check(policy.DEFAULT_PLACEMENT == "flash", "default placement constant")
    -- bad values are usage errors that name the choices
    for _, bad in ipairs({ "rom", "", "FLASH", "tcm" }) do
        local st, err = run({ "-o", work, "--placement", bad, net("pe") })
        check(st == 2, "--placement '" .. bad .. "' is a usage error")
        check(err:find("--placement must be flash or ram, got '" .. bad .. "'", 1, true),
            "--placement message: " .. err)
    end
    local st, err = run({ "-o", work, net("pe"), "--placement" })
    check(st == 2 and err:find("option --placement needs a value", 1, true),
        "--placement without a value")
end

-- --vector mve: every dense layer without its own unroll in the Helium
-- shape, said in the banner; float only; a bad value is a usage error
do
    local st, _, c = run({ "-o", work, "--vector", "mve", net("pv", ", unroll = 'rows'") }, "pv")
    check(st == 0, "--vector mve accepted")
    check(c and c:find("Unrolling: dense1 rows (asked), dense2 mve; --vector mve:", 1, true),
        "vector shape in banner")
    check(c and c:find("pv_real acc2 = pv_vdot(fw2, a2, 30);", 1, true), "vector dot product")
    check(c and c:find("pv_vaxmy(bw2, a2, s2, 30);", 1, true), "vector SGD update")
    check(c and c:find("#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)", 1, true),
        "MVE guard")
    check(c and c:find("#include <arm_mve.h>", 1, true), "arm_mve.h under the guard")
    local _, _, plain = run({ "-o", work, net("pw") }, "pw")
    check(plain and not plain:find("_vdot", 1, true) and not plain:find("arm_mve", 1, true),
        "no vector code without the option")
    local err
    st, err = run({ "-o", work, "--vector", "mve", "--type", "double", net("px") }, "px")
    check(st == 2 and err:find("--vector mve needs --type float", 1, true),
        "--vector mve refuses double: " .. err)
    check(read(work .. "/px.c") == nil, "no file written for double")
    for _, bad in ipairs({ "neon", "", "MVE" }) do
        st, err = run({ "-o", work, "--vector", bad, net("py") })
        check(st == 2 and err:find("--vector must be mve, got '" .. bad .. "'", 1, true),
            "--vector '" .. bad .. "' is a usage error")
    end
end

print(string.format("%d checks, %d failed", count, failures))
os.exit(failures == 0 and 0 or 1)
