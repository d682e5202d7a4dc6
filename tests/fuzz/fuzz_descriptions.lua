-- fuzz_descriptions: thousands of mutated descriptions through the whole
-- generator, in-process.
-- Takes: [COUNT] [SEED] on the command line. Gives: "N passed, M failed".
--
-- Each case mutates one of a few valid descriptions (byte changes, deleted
-- and duplicated spans, inserted tokens such as endless loops, huge sizes
-- and sandbox escapes) and runs the generator on it. Whatever the input, the
-- generator must exit 0 (and write exactly NAME.h and NAME.c) or exit 1 with
-- exactly one error line on stderr, no traceback, no internal error, and no
-- file written. The mutations come from a fixed-seed generator: every run,
-- on every Lua, tries the same cases.
local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
local root = here .. "/../.."
package.path = root .. "/generator/?.lua;" .. root .. "/generator/?/init.lua;" .. package.path

local driver = require("flatprop.driver")
local load = require("flatprop.load")

local count = tonumber(arg[1] or "3000")
local state = tonumber(arg[2] or "12345")

-- Small limits keep runaway cases fast; the limits themselves are tested
-- elsewhere.
load.max_instructions = 2 * 1000 * 1000
load.max_memory_kb = 64 * 1024

local function rand(n) -- 1..n
    state = (state * 48271) % 2147483647
    return 1 + state % n
end

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

local bases = {
    read(root .. "/examples/seed/seed.lua"),
    read(root .. "/tests/c/xor.lua"),
    [[
local hidden = { op = "dense", out = 4, bias = true, weights = { {1, 2}, {3, 4}, {5, 6}, {7, 8} } }
return {
  name = "f", input = 2,
  layers = { hidden, relu(), dense { out = 2, biases = { 0.5, -0.5 } }, identity() },
  loss = "mse",
}
]],
}

local tokens = {
    "{", "}", "=", ",", "\"", "'", "-", "0", "9", "e", "\n", "(", ")", "[", "]", ".", "--",
    "nil", "true", "false", "out = 0", "out = -1", "out = 1e9", "out = 2.5", "input = 0",
    "op = \"relu\"", "op = \"sigmoid\"", "op = 7", "bias = 1", "trainable = \"no\"",
    "name = \"for\"", "name = \"__x\"", "name = 5", "loss = \"mse\"", "loss = \"mae\"",
    "weights = {{1}}", "weights = {{0/0}}", "weights = {{math.huge}}", "biases = {1}",
    "while true do end", "local t = {} while true do t[#t+1] = t end",
    "string.rep(\"x\", 2^40)", "io.open(\"/etc/passwd\")", "os.execute(\"true\")",
    "require(\"os\")", "load(\"return 1\")", "debug.getinfo(1)", "error(\"boom\")",
    "error({})", "(function() return nil end)()", "setmetatable({}, {__index = function(t, k) return t[k] end}).x",
    "local function f() return f() + 1 end f()", "[[", "]]", "#", "..", "...",
    "dense", "relu()", "dense { out = 3 }", "leaky_relu(0/0)", "outt = 3",
}

local function mutate(s)
    for _ = 1, rand(4) do
        local n = #s
        local r = rand(5)
        local i = rand(n + 1)
        if r == 1 and n > 0 then -- replace one byte
            local t = tokens[rand(#tokens)]
            s = s:sub(1, i - 1) .. t:sub(1, 1) .. s:sub(i + 1)
        elseif r == 2 and n > 0 then -- delete a span
            local j = math.min(n, i + rand(12) - 1)
            s = s:sub(1, i - 1) .. s:sub(j + 1)
        elseif r == 3 and n > 0 then -- duplicate a span
            local j = math.min(n, i + rand(40) - 1)
            s = s:sub(1, j) .. s:sub(i, j) .. s:sub(j + 1)
        else -- insert a token
            s = s:sub(1, i - 1) .. tokens[rand(#tokens)] .. s:sub(i)
        end
    end
    return s
end

local function sink()
    local buf = {}
    return { write = function(self, ...)
        for k = 1, select("#", ...) do
            buf[#buf + 1] = tostring((select(k, ...)))
        end
        return self
    end, text = function() return table.concat(buf) end }
end

local tmp = os.tmpname()
os.remove(tmp)
local dir = tmp .. ".d"
assert(os.execute("mkdir -p '" .. dir .. "'"))
local desc = dir .. "/case.lua"
local out = dir .. "/out"
assert(os.execute("mkdir -p '" .. out .. "'"))

local function listing()
    local p = io.popen("ls -A '" .. out .. "'")
    local names = {}
    for name in p:lines() do
        names[#names + 1] = name
    end
    p:close()
    return names
end

local passed, failed, ok_cases = 0, 0, 0
local templates = root .. "/templates"
for case = 1, count do
    local src = mutate(bases[rand(#bases)])
    local f = assert(io.open(desc, "wb"))
    f:write(src)
    f:close()
    local err, stdout = sink(), sink()
    local status = driver.main({ "-o", out, "--max-params", "20000", desc },
        { templates = templates, stderr = err, stdout = stdout })
    local text = err.text()
    local names = listing()
    local problem
    if status == 0 then
        ok_cases = ok_cases + 1
        if #names ~= 2 or text ~= "" then
            problem = "exit 0 but wrote " .. table.concat(names, " ") .. " / said " .. text
        end
    elseif status == 1 then
        if not text:match("^[^\n]+\n$") then
            problem = "not exactly one line: " .. text
        elseif text:find("traceback") or text:find("internal error") then
            problem = "a traceback or internal error: " .. text
        elseif #names ~= 0 then
            problem = "wrote " .. table.concat(names, " ") .. " despite an error"
        end
    else
        problem = "exit " .. tostring(status) .. ": " .. text
    end
    for _, name in ipairs(names) do
        os.remove(out .. "/" .. name)
    end
    if problem then
        failed = failed + 1
        io.write("FAIL case ", case, ": ", problem, "\n--- description:\n", src, "\n---\n")
    else
        passed = passed + 1
    end
end
os.remove(desc)
os.remove(out)
os.remove(dir)
io.write(string.format("(%d of %d mutated descriptions were valid)\n", ok_cases, count))
io.write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
