-- Tests of load.lua: the sandbox, its limits, and the lines of helper calls.
local load = require("flatprop.load")
local expect = require("expect")
local eq = expect.eq
local util_show = require("flatprop.util").show

local T = {}

-- Load `src` from a temporary file; returns the description, where, path.
local function run(src)
    local path = expect.write_temp(src)
    local ok, desc, where = pcall(load.load, path)
    os.remove(path)
    if not ok then
        error(desc, 0)
    end
    return desc, where, path
end

-- The user error that loading `src` gives, with the temporary path as FILE.
local function fails(src)
    local path = expect.write_temp(src)
    local msg = expect.user_error(load.load, path)
    os.remove(path)
    return (msg:gsub(path:gsub("%p", "%%%0"), "FILE"))
end

-- Run f with smaller limits so the tests stay fast; restore them after.
local function with_limits(instructions, memory_kb, f)
    local saved_i, saved_m = load.max_instructions, load.max_memory_kb
    load.max_instructions, load.max_memory_kb = instructions, memory_kb
    local ok, err = pcall(f)
    load.max_instructions, load.max_memory_kb = saved_i, saved_m
    if not ok then
        error(err, 0)
    end
end

local SANDBOX = "(it runs sandboxed: no files, no system, no loading code)"

function T.plain_description_loads()
    local desc, where = run('return { name = "n", input = 2 }\n')
    eq(desc.name, "n")
    eq(desc.input, 2)
    eq(type(where.map), "table")
end

function T.sandbox_has_no_io_os_require_debug()
    eq(fails("local f = io.open('/etc/passwd')\nreturn {}\n"),
        "FILE:1: 'io' is not available in a network description " .. SANDBOX)
    eq(fails("\nos.execute('true')\nreturn {}\n"),
        "FILE:2: 'os' is not available in a network description " .. SANDBOX)
    for _, name in ipairs({ "require", "debug", "load", "loadstring", "dofile", "loadfile",
        "collectgarbage", "print", "package", "setfenv", "getfenv", "coroutine" }) do
        eq(fails("local x = " .. name .. "\nreturn {}\n"),
            "FILE:1: '" .. name .. "' is not available in a network description " .. SANDBOX)
    end
end

function T.sandbox_calls_fail_cleanly()
    eq(fails("require('os')\nreturn {}\n"),
        "FILE:1: 'require' is not available in a network description " .. SANDBOX)
    eq(fails("load('return 1')()\nreturn {}\n"),
        "FILE:1: 'load' is not available in a network description " .. SANDBOX)
    eq(fails("return { x = dofile('/etc/passwd') }\n"),
        "FILE:1: 'dofile' is not available in a network description " .. SANDBOX)
end

function T.sandbox_has_no_dump_or_random()
    eq(fails("local s = string.dump(function() end)\nreturn {}\n"),
        "FILE:1: string.dump is not available in a network description "
        .. "(a description cannot make bytecode)")
    eq(fails("local s = ('x').dump\nreturn { s(function() end) }\n"),
        "FILE:2: string.dump is not available in a network description "
        .. "(a description cannot make bytecode)")
    local why = "(its numbers differ between Lua versions; write the values, "
        .. "or leave them out for init to choose)"
    eq(fails("return { math.random() }\n"),
        "FILE:1: math.random is not available in a network description " .. why)
    eq(fails("math.randomseed(1)\nreturn {}\n"),
        "FILE:1: math.randomseed is not available in a network description " .. why)
end

function T.sandbox_keeps_the_harmless_library()
    local desc = run([[
local t = {}
for i = 1, 3 do t[#t + 1] = math.floor(i * 1.5) end
table.sort(t, function(a, b) return a > b end)
local ok = pcall(error, "caught")
return { s = ("ab"):rep(2) .. string.format("%d", #t), t = t, ok = ok,
         n = select("#", 1, 2), u = unpack({ 7 }) }
]])
    eq(desc.s, "abab3")
    eq(desc.t[1], 4)
    eq(desc.ok, false)
    eq(desc.n, 2)
    eq(desc.u, 7)
end

function T.string_metatable_is_hidden()
    local desc = run("return { mt = getmetatable('') }\n")
    eq(desc.mt, nil)
    eq(fails("getmetatable('').__index = nil\nreturn {}\n"):match("^FILE:1: "), "FILE:1: ")
end

function T.string_metatable_restored_after_load()
    run("return { s = ('x'):rep(2) }\n")
    eq(("x"):rep(3), "xxx")
    eq(getmetatable("").__index, string)
    fails("error('boom')\n")
    eq(("y"):rep(2), "yy")
    eq(getmetatable("").__index, string)
    eq(type(("x").dump), "function")
end

function T.endless_loop_hits_the_instruction_budget()
    with_limits(2000000, 256 * 1024, function()
        -- the line where the loop was stopped, as for every other error
        local msg = "FILE:1: the description ran for more than 2 million Lua instructions "
            .. "(an endless loop?)"
        eq(fails("local x = 0\nwhile true do x = x + 1 end\nreturn {}\n"),
            (msg:gsub("FILE:1", "FILE:2")))
        eq(fails("pcall(function() while true do end end)\nreturn {}\n"), msg)
        eq(fails("xpcall(function() while true do end end, function() end)\nreturn {}\n"),
            msg)
    end)
    eq(("x"):rep(3), "xxx")
end

function T.runaway_memory_hits_the_cap()
    with_limits(200000000, 32 * 1024, function()
        local msg = "FILE:1: the description used more than 32 MiB of memory"
        eq(fails("local t = {} while true do t[#t + 1] = {} end\n"), msg)
        eq(fails("local s = string.rep('x', 2^40)\nreturn {}\n"), msg)
        eq(fails("local s = ('x'):rep(2^40)\nreturn {}\n"), msg)
        eq(fails("pcall(string.rep, 'x', 2^40)\nreturn {}\n"), msg)
    end)
    collectgarbage("collect")
end

function T.deep_recursion_fails_cleanly()
    local msg = fails("local function f(n) return f(n + 1) + 1 end\nreturn { f(1) }\n")
    expect.truthy(msg:match("^FILE:?%d*: stack overflow"), "stack overflow message: " .. msg)
    expect.not_contains(msg, "\n")
    expect.not_contains(msg, "traceback")
end

function T.runtime_and_syntax_errors()
    eq(fails("\nerror('boom')\n"), "FILE:2: boom")
    eq(fails("error('no place', 0)\n"), "FILE: no place")
    eq(fails("error({})\n"), "FILE: the description raised an error that is not a string (table)")
    eq(fails("return {\n  name = = 1,\n}\n"), "FILE:2: unexpected symbol near '='")
    eq(fails("return 42\n"), "FILE: the description must return a table, it returned a number")
    eq(fails("local x = 1\n"), "FILE: the description must return a table, it returned nothing")
    eq(fails("\27Lua"), "FILE: precompiled Lua chunks are not accepted; give the source")
end

function T.missing_file()
    local msg = expect.user_error(load.load, "/nonexistent/net.lua")
    eq(msg, "/nonexistent/net.lua: cannot read the description: No such file or directory")
end

function T.helpers_build_canonical_tables()
    local desc = run([[
return {
  layers = {
    dense { out = 3, bias = false },
    relu(),
    leaky_relu(0.2),
    identity {},
  },
}
]])
    local l = desc.layers
    eq(l[1].op, "dense")
    eq(l[1].out, 3)
    eq(l[1].bias, false)
    eq(l[2].op, "relu")
    eq(l[3].op, "leaky_relu")
    eq(l[3].slope, 0.2)
    eq(l[4].op, "identity")
end

function T.helpers_record_lines()
    local desc, where = run([[
local function block(n)
  local l = dense { out = n }
  return l
end
local function tail(n)
  return relu { }
end
local layers = {}
layers[1] = dense { out = 4 }
layers[2] = relu()
layers[3] = block(2)
layers[4] = tail(2)
return { layers = layers }
]])
    local hl = where.helper_lines
    eq(hl[desc.layers[1]], 9)
    eq(hl[desc.layers[2]], 10)
    eq(hl[desc.layers[3]], 2)
    eq(hl[desc.layers[4]], 12) -- the tail call left no frame: the caller's line
    -- computed layers are not in the source map; line_of falls back to the helper
    eq(load.line_of(where, { "layers", 1, "out" }, { desc, desc.layers, desc.layers[1] }), 9)
    eq(load.line_of(where, { "layers", 2 }, { desc, desc.layers, desc.layers[2] }), 10)
    eq(load.line_of(nil, { "layers" }, {}), nil)
end

function T.helpers_check_their_arguments()
    eq(fails("return { dense(3) }\n"),
        "FILE:1: dense(): expected a table of fields such as dense { out = 4 }")
    eq(fails("return { relu(3) }\n"), "FILE:1: relu(): expected a table of fields, got number")
    eq(fails("\nreturn { dense { op = 'relu', out = 1 } }\n"),
        "FILE:2: dense(): field op is 'relu'")
end

-- Issue 17 (1, 3): every later stage sees a plain copy read with raw access;
-- nothing of the description keeps behaviour.
function T.returned_value_is_a_plain_raw_copy()
    local desc = run([[
local evil = 'x; } int evil(void) { return 1; '
local count = 0
local layer = setmetatable({ op = "dense", out = 1, name = "ok" }, {
  __index = function() return evil end,
  __newindex = function() error("read only") end,
  __len = function() return 99 end,
})
local shared = { 1, 2 }
return setmetatable({ name = "n", input = 2, layers = { layer, relu() }, a = shared, b = shared,
  loss = "mse" }, { __index = function() count = count + 1 return evil end,
  __pairs = function() return next, {}, nil end })
]])
    eq(getmetatable(desc), nil)
    eq(getmetatable(desc.layers[1]), nil)
    eq(desc.layers[1].name, "ok")
    eq(desc.layers[1].bias, nil) -- the raw table has none; __index is gone
    eq(#desc.layers, 2)
    eq(desc.layers[2].op, "relu")
    eq(desc.a, desc.b) -- a table reached twice is copied once
    desc.layers[1].extra = 1 -- no __newindex either
    eq(desc.layers[1].extra, 1)
end

function T.copy_keeps_the_lines_of_helper_calls()
    local desc, where = run("return {\n  layers = {\n    dense { out = 3 },\n  },\n}\n")
    eq(where.helper_lines[desc.layers[1]], 3)
end

function T.copy_is_bounded()
    local saved = load.max_values
    load.max_values = 1000
    local ok, msg = pcall(fails, "local t = {} for i = 1, 2000 do t[i] = i end\n"
        .. "return { layers = { { weights = t } } }\n")
    load.max_values = saved
    eq(ok, true, msg)
    eq(msg, "FILE:1: layers[1].weights holds more than 1000 values in all")
end

-- Error values are compared by identity: an __eq or __tostring never runs.
function T.error_values_keep_no_behaviour()
    with_limits(2000000, 256 * 1024, function()
        eq(fails("error(setmetatable({}, { __eq = function() while true do end end,\n"
            .. "  __tostring = function() while true do end end }))\n"),
            "FILE: the description raised an error that is not a string (table)")
    end)
end

-- Issue 17 (2, 5): the library functions that run in C are bounded.
function T.string_functions_are_bounded_and_still_work()
    local desc = run([[
local s = ("fc12"):gsub("%d+", function(d) return d + 1 end)
local a, b = string.find("layer_7", "_(%d)$")
local words = {}
for w in ("a b c"):gmatch("%a") do words[#words + 1] = w end
local t = { 3, 1, 2 }
table.sort(t, function(x, y) return x > y end)
table.insert(t, 1, 9)
return { name = s, a = a, b = b, w = table.concat(words, ","), t = table.concat(t, " "),
  m = ("x=1"):match("^(%a)=(%d)$") }
]])
    eq(desc.name, "fc13")
    eq(desc.a, 6)
    eq(desc.b, 7)
    eq(desc.w, "a,b,c")
    eq(desc.t, "9 3 2 1")
    eq(desc.m, "x")
    eq(fails("local s = ('a'):rep(3000)\nlocal x = s:match('(a*)(a*)(a*)b')\n"),
        "FILE:2: string.match(): the pattern has 3 repeated items on a subject of 3000 bytes, "
        .. "which could take more than 1e+08 steps; the sandbox refuses it (use a shorter "
        .. "subject or a simpler pattern)")
    eq(fails("local t = {}\n table.insert(t, 5, 1)\n"),
        "FILE:2: bad argument #2 to 'insert' (position out of bounds)")
end

-- Issue 13 (12): a typo in a helper's name.
function T.unknown_helper_suggests_the_nearest()
    eq(fails("return { layers = {\n dense { out = 1 }, rleu() } }\n"),
        "FILE:2: 'rleu' is not a known helper or function; did you mean 'relu'?")
    eq(fails("return { layers = { desne { out = 1 } } }\n"),
        "FILE:1: 'desne' is not a known helper or function; did you mean 'dense'?")
end

-- CR-only and CR LF line endings: lines are counted as Lua counts them.
function T.lines_with_any_line_ending()
    local body = "return {\n  name = 'n',\n  input = 0,\n}\n"
    for _, eol in ipairs({ "\r", "\r\n", "\n\r" }) do
        local _, where = run((body:gsub("\n", eol)))
        eq(require("flatprop.srcmap").line(where.map, { "input" }), 3, "eol " .. util_show(eol))
    end
end

-- Issue 17 (9): only regular files are read (a FIFO would block forever).
function T.only_regular_files_are_read()
    local dir = expect.tmpdir()
    if os.execute("mkfifo '" .. dir .. "/f.lua' 2>/dev/null") then
        eq(expect.user_error(load.load, dir .. "/f.lua"), dir .. "/f.lua: cannot read the "
            .. "description: it is not a regular file (a FIFO or a device?)")
    end
    eq(expect.user_error(load.load, dir), dir .. ": cannot read the description: it is a "
        .. "folder, not a file")
    os.execute("rm -rf '" .. dir .. "'")
end

return T
