-- test_reference: the reference evaluator, the --reference command and the
-- check points, on their own.
-- Takes: the repository root. Gives: exit 0 when every assertion holds.
--
-- Usage: lua test_reference.lua REPO
local repo = assert(arg[1], "usage: test_reference.lua REPO")
package.path = repo .. "/generator/?.lua;" .. repo .. "/generator/?/init.lua;" .. package.path

local compile = require("flatprop.compile")
local reference = require("flatprop.reference")
local check_points = require("flatprop.check_points")
local scalar = require("flatprop.scalar")
local driver = require("flatprop.driver")

local n_tests, n_fail = 0, 0
local function test(name, f)
    n_tests = n_tests + 1
    local ok, err = pcall(f)
    if ok then
        print("ok   " .. name)
    else
        n_fail = n_fail + 1
        print("FAIL " .. name .. ": " .. tostring(err))
    end
end
local function eq(a, b, what)
    if a ~= b then
        error(string.format("%s: expected %s, got %s", what, tostring(b), tostring(a)), 2)
    end
end
local function near(a, b, tol, what)
    if not (math.abs(a - b) <= tol * math.max(1, math.abs(b))) then -- luacheck: ignore 581
        error(string.format("%s: expected %.17g, got %.17g", what, b, a), 2)
    end
end

local function checked(path, ty)
    return compile.compile(path, { stop = "check", type = ty or "double" }).net
end

-- SPEC section 6, every value exactly.
test("worked example", function()
    local net = checked(repo .. "/examples/seed/seed.lua")
    local p = { 0.5, 0.25, -1.0, 0.5, 0.25, 1.0, 1.0, 0.5, -0.5 }
    local y, trace = reference.forward(net, p, { 2, 1 })
    eq(trace[1].out[1], 1.25, "z1")
    eq(trace[1].out[2], -1.5, "z2")
    eq(trace[1].out[3], 1.5, "z3")
    eq(y[1], 0.5, "y")
    local L, g = reference.gradient(net, p, { 2, 1 }, { 1 })
    eq(L, 0.25, "L")
    local want = { -2, -1, 0, 0, 1, 0.5, -1.25, 0, -1.5 }
    local sum = 0
    for k = 1, 9 do
        eq(g[k], want[k], "grad[" .. (k - 1) .. "]")
        sum = sum + g[k]
    end
    eq(sum, -4.25, "sum of gradients")
    local _, dx = reference.backward(net, p, { 2, 1 }, { -1 })
    eq(dx[1], -0.375, "dx[0]")
    eq(dx[2], 0.25, "dx[1]")
end)

test("known values of the activations and losses", function()
    local ops, losses = reference.ops, reference.losses
    eq(ops.sigmoid.f({}, 0), 0.5, "sigmoid(0)")
    near(ops.sigmoid.f({}, -800), 0, 0, "sigmoid(-800)")
    near(ops.tanh.f({}, 0.5), 0.46211715726000974, 1e-15, "tanh(0.5)")
    near(ops.tanh.f({}, -0.5), -0.46211715726000974, 1e-15, "tanh(-0.5)")
    eq(ops.leaky_relu.f({}, -2), -0.02, "leaky_relu(-2), default slope")
    eq(ops.leaky_relu.f({ slope = 0.25 }, -2), -0.5, "leaky_relu(-2), slope 0.25")
    eq(ops.relu.df({}, 0), 0, "relu'(0)")
    local L, g = losses.softmax_cross_entropy.eval({ 0, 0 }, { 1, 0 })
    near(L, math.log(2), 1e-15, "softmax CE loss")
    near(g[1], -0.5, 1e-15, "softmax CE grad 0")
    near(g[2], 0.5, 1e-15, "softmax CE grad 1")
    -- the maximum is subtracted: no overflow for large logits
    L, g = losses.softmax_cross_entropy.eval({ 1000, 0 }, { 0, 1 })
    near(L, 1000, 1e-12, "softmax CE of large logits")
    near(g[1], 1, 1e-12, "softmax CE grad of large logits")
    L, g = losses.mse.eval({ 1, 3 }, { 0, 0 })
    eq(L, 5, "mse")
    eq(g[2], 3, "mse grad")
end)

-- A model as check builds it, for ops the generator may not support yet.
local function model(op, loss, frozen)
    local layers = {
        { op = "dense", name = "dense1", n_in = 3, n_out = 4, bias = true, trainable = true,
          w_off = 0, b_off = 12 },
        { op = op, n_in = 4, n_out = 4, slope = 0.1 },
        { op = "dense", name = "dense2", n_in = 4, n_out = 2, bias = true,
          trainable = not frozen, w_off = 16, b_off = 24 },
    }
    for i, L in ipairs(layers) do
        L.index = i
    end
    return { name = "m", file = "m.lua", n_in = 3, n_out = 2, n_params = 26, layers = layers,
        loss = { name = loss } }
end

test("every op and loss against finite differences of its own forward", function()
    local ops = { "identity", "relu", "leaky_relu", "sigmoid", "tanh" }
    local losses = { "squared_error", "mse", "softmax_cross_entropy" }
    for _, op in ipairs(ops) do
        for _, lname in ipairs(losses) do
            for _, frozen in ipairs({ false, true }) do
                local net = model(op, lname, frozen)
                local p = {}
                for k = 1, 26 do
                    p[k] = math.sin(k * 1.7) * 0.9 -- kinks are far from these points
                end
                local x, t, dy = { 0.3, -0.7, 0.9 }, { 0.2, 0.8 }, { 0.5, -1.5 }
                local what = op .. "/" .. lname .. (frozen and "/frozen" or "")
                local _, g = reference.gradient(net, p, x, t)
                local bg, dx = reference.backward(net, p, x, dy)
                local h = 1e-6
                local function fd(vec, k, f)
                    local v0 = vec[k]
                    vec[k] = v0 + h
                    local a = f()
                    vec[k] = v0 - h
                    local b = f()
                    vec[k] = v0
                    return (a - b) / (2 * h)
                end
                local function lossf()
                    return reference.loss(net, reference.forward(net, p, x), t)
                end
                local function dotf()
                    local y = reference.forward(net, p, x)
                    return dy[1] * y[1] + dy[2] * y[2]
                end
                for k = 1, 26 do
                    if frozen and k > 16 then
                        eq(g[k], 0, what .. " frozen grad[" .. k - 1 .. "]")
                        eq(bg[k], 0, what .. " frozen backward[" .. k - 1 .. "]")
                    else
                        near(g[k], fd(p, k, lossf), 1e-6, what .. " grad[" .. k - 1 .. "]")
                        near(bg[k], fd(p, k, dotf), 1e-6, what .. " backward[" .. k - 1 .. "]")
                    end
                end
                for i = 1, 3 do
                    near(dx[i], fd(x, i, dotf), 1e-6, what .. " dx[" .. i - 1 .. "]")
                end
            end
        end
    end
end)

test("an op without a rule is named", function()
    local p = {}
    for k = 1, 26 do
        p[k] = 0.5
    end
    local ok, err = pcall(reference.forward, model("softplus", "mse"), p, { 1, 2, 3 })
    eq(ok, false, "pcall")
    eq(type(err) == "table" and err.reference,
        "the reference evaluator has no rule for op 'softplus'", "message")
end)

local function run_cli(argv)
    local out, errs = {}, {}
    local sink = function(t)
        return { write = function(_, ...)
            for _, s in ipairs({ ... }) do
                t[#t + 1] = s
            end
        end }
    end
    local rc = driver.main(argv, { templates = repo .. "/templates", stdout = sink(out),
        stderr = sink(errs) })
    return rc, table.concat(out), table.concat(errs)
end

local tmp = os.tmpname()
local function write(text)
    local f = assert(io.open(tmp, "wb"))
    f:write(text)
    f:close()
end

test("--reference: the worked example with the description's weights", function()
    write("# worked example\nx: 2, 1\ntarget: 1\n")
    local rc, out = run_cli({ "--reference", tmp, repo .. "/examples/seed/seed.lua" })
    eq(rc, 0, "exit status")
    assert(out:find("\ny%[0%] = 0.5\nloss = 0.25\n"), out)
    assert(out:find("\ngrad%[0%] = %-2  # dense1 weight row 0 column 0\n"), out)
    assert(out:find("\ngrad%[8%] = %-1.5  # dense2 weight row 0 column 2\n"), out)
    assert(not out:find("dx%["), "no dx without dy")
end)

test("--reference: params, dy and a list continued over lines", function()
    write("params: 0.5 0.25 -1 0.5\nparams: 0.25 1 1 0.5 -0.5\nx: 2 1\ntarget: 1\ndy: -1\n")
    local rc, out = run_cli({ "--reference", tmp, repo .. "/examples/seed/seed.lua" })
    eq(rc, 0, "exit status")
    assert(out:find("\nbackward.grad%[0%] = %-2  #"), out)
    assert(out:find("\ndx%[0%] = %-0.375\ndx%[1%] = 0.25\n$"), out)
end)

test("--reference: errors name the file and line", function()
    local cases = {
        { "x: 1\ntarget: 1\n", "x has 1 numbers, seed has 2 inputs" },
        { "x: 1 2\n", "missing 'target:'" },
        { "x: 1 2\ntarget: 1\nz: 3\n", ":3: unknown key 'z'" },
        { "x: 1 two\ntarget: 1\n", ":1: 'two' is not a finite number" },
        { "x: 1 2\ntarget: nan\n", ":2: 'nan' is not a finite number" },
        { "x 1 2\n", ":1: expected 'key: numbers'" },
        { "params: 1 2\nx: 1 2\ntarget: 1\n", "params has 2 numbers, seed has 9 parameters" },
    }
    for _, c in ipairs(cases) do
        write(c[1])
        local rc, out, err = run_cli({ "--reference", tmp, repo .. "/examples/seed/seed.lua" })
        eq(rc, 1, "exit status for " .. c[2])
        eq(out, "", "no output for " .. c[2])
        assert(err:find(c[2], 1, true), "expected '" .. c[2] .. "' in: " .. err)
    end
    write("x: 1 2\ntarget: 1\n")
    local rc, _, err = run_cli({ "--reference", tmp, repo .. "/tests/c/xor.lua" })
    eq(rc, 1, "xor without params")
    assert(err:find("missing 'params:' and layer 1 (dense1) of the description gives no weights",
        1, true), err)
end)

test("check points: deterministic, exact in the type, away from kinks", function()
    for _, ty in ipairs({ "float", "double" }) do
        local net = checked(repo .. "/tests/c/xor.lua", ty)
        local a = check_points.choose(net, ty, 3)
        local b = check_points.choose(net, ty, 3)
        eq(#a, 3, "count")
        for k = 1, 3 do
            for i, v in ipairs(a[k].params) do
                eq(v, b[k].params[i], "same params")
            end
            assert(a[k].margin >= scalar.of(ty).tolerances.margin, "margin " .. a[k].margin)
            local L = reference.gradient(net, a[k].params, a[k].x, a[k].target)
            eq(L, a[k].loss, "reference loss at the point")
        end
        assert(a[1].params[1] ~= a[2].params[1], "points differ")
    end
end)

test("check points: a nudge that may flip a mask is skipped", function()
    local net = checked(repo .. "/examples/seed/seed.lua", "double")
    -- z = (1.25, -1.5, 1e-6) at x = (2, 1): neuron 3 is barely alive
    local pt = { params = { 0.5, 0.25, -1.0, 0.5, 0.25, -0.499999, 1.0, 0.5, -0.5 },
        x = { 2, 1 } }
    local _, trace = reference.forward(net, pt.params, pt.x)
    near(trace[1].out[3], 1e-6, 1e-9, "z3")
    local skip_p, _, np, nx = check_points.skips(net, pt, trace, 2 ^ -20)
    -- a nudge of 2^-20 moves z3 by 2^-20 x_i: row 2 of W1 (parameters 4
    -- and 5) may flip it; the other rows and W2 cannot
    eq(np, 2, "parameters skipped")
    eq(skip_p[4], true, "W1[2][0] skipped")
    eq(skip_p[5], true, "W1[2][1] skipped")
    eq(nx, 0, "inputs skipped")
    local _, skip_x, np2, nx2 = check_points.skips(net, pt, trace, 2 ^ -19)
    eq(nx2, 1, "with a larger step x1 (weight -0.5 into neuron 3) is skipped")
    eq(skip_x[1], true, "x1 skipped")
    eq(np2, 2, "parameters skipped, larger step")
end)

os.remove(tmp)
print(string.format("%d tests, %d failed", n_tests, n_fail))
os.exit(n_fail == 0 and 0 or 1)
