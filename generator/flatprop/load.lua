-- load: run a network description in a sandbox.
-- Takes: the path of a Lua description. Gives: the table it returns, plus
-- where things were written (source map and the lines of helper calls).
--
-- A description is code that runs at build time, so it gets only the
-- description helpers and the parts of the standard library that cannot reach
-- files, load code or change the generator: no io, os, require, package,
-- debug, load*, dofile, collectgarbage, coroutine, string.dump, print or
-- math.random (whose sequence differs between Lua versions).
--
-- Limits, all raised as LIMIT, which the description's pcall cannot catch:
-- an instruction budget and a memory cap (checked every HOOK_STEP
-- instructions and after every library call below that can allocate much);
-- the library functions that run long in C are bounded before they start
-- (pattern matching by an estimate of its worst case, results by their
-- size, table.insert by its position, callbacks through gsub, sort and
-- pcall by their nesting). An interrupt (SIGINT: the standalone lua's own
-- handler raises "interrupted!" and removes our hook) is noticed wherever
-- the description could catch it and ends the run.
--
-- Nothing of the description survives it: the value it returns is copied,
-- inside the limits, into plain tables with raw access only (no metatable,
-- no function, depth and size bounded, cycles refused); setmetatable
-- refuses __gc and __close, so no code of the description can run after it
-- returned. Every later stage sees only the copy.
local errors = require("flatprop.errors")
local srcmap = require("flatprop.srcmap")
local util = require("flatprop.util")

local M = {}

M.max_instructions = 200 * 1000 * 1000
M.max_memory_kb = 256 * 1024
M.max_source_bytes = 64 * 1024 * 1024
M.max_depth = 32 -- tables nested in the returned value
M.max_values = 16 * 1024 * 1024 -- table entries in the returned value
M.max_pattern_steps = 1e8 -- worst-case steps of one pattern-matching call
M.max_nesting = 60 -- library calls that call back into the description

local HOOK_STEP = 1000

local unpack = table.unpack or unpack -- luacheck: ignore 143

-- A unique value: the sandbox's own limits raise it, and the sandbox's pcall
-- passes it on instead of catching it.
local LIMIT = {}
-- A unique value for the copy's refusals (they carry a path and a message).
local REFUSED = {}

local function pack(...)
    return { n = select("#", ...), ... }
end

local function copy(t, without)
    local c = {}
    for k, v in next, t do
        if not (without and without[k]) then
            c[k] = v
        end
    end
    return c
end

-- The innermost frame of the description (chunk name `chunkname`), from
-- `level` outwards: its line, or nil.
local function description_line(chunkname, level)
    for l = level, 200 do
        local info = debug.getinfo(l, "Sl")
        if not info then
            return nil
        end
        if info.source == chunkname and info.currentline and info.currentline > 0 then
            return info.currentline
        end
    end
    return nil
end

-- Raise the sandbox's limit `what` ("instructions", "memory", "interrupt",
-- or a message of a bounded library function), remembering the line.
local function make_limit(state)
    return function(what, level)
        if not state.what then
            state.what = what
            state.line = description_line(state.chunkname, (level or 2) + 1)
        end
        error(LIMIT, 0)
    end
end

-- Which quantified items a Lua pattern has: each can try many lengths (or
-- scans: %b, back-references), so a match costs up to (n+1)^(q+1) steps.
local function pattern_items(p)
    -- string functions called directly: the description's string methods
    -- are the bounded ones, which call this
    local sub, find = string.sub, string.find
    local q, i, n = 0, 1, #p
    while i <= n do
        local c = sub(p, i, i)
        local single = true
        if c == "%" then
            local d = sub(p, i + 1, i + 1)
            if d == "b" then
                q, i, single = q + 1, i + 4, false
            elseif d == "f" then
                i, single = i + 2, false
                if sub(p, i, i) == "[" then
                    i = i + 1
                    if sub(p, i, i) == "^" then i = i + 1 end
                    if sub(p, i, i) == "]" then i = i + 1 end
                    while i <= n and sub(p, i, i) ~= "]" do
                        i = i + (sub(p, i, i) == "%" and 2 or 1)
                    end
                    i = i + 1
                end
            elseif d ~= "" and find("0123456789", d, 1, true) then
                q, i, single = q + 1, i + 2, false
            else
                i = i + 2
            end
        elseif c == "[" then
            i = i + 1
            if sub(p, i, i) == "^" then i = i + 1 end
            if sub(p, i, i) == "]" then i = i + 1 end
            while i <= n and sub(p, i, i) ~= "]" do
                i = i + (sub(p, i, i) == "%" and 2 or 1)
            end
            i = i + 1
        elseif c == "(" or c == ")" then
            i, single = i + 1, false
        else
            i = i + 1
        end
        if single and i <= n and find("*+-?", sub(p, i, i), 1, true) then
            q, i = q + 1, i + 1
        end
    end
    return q
end

-- The library the description sees, with its long-running or allocating
-- functions bounded. `limit(what)` raises the limit.
local function bounded_library(state, limit)
    local max_bytes = M.max_memory_kb * 1024
    local function check_memory()
        if collectgarbage("count") > M.max_memory_kb then
            collectgarbage("collect")
            if collectgarbage("count") > M.max_memory_kb then
                limit("memory", 3)
            end
        end
    end
    -- A library call that may call back into the description: bounded
    -- nesting, the depth restored however it ends.
    local function nested(f, ...)
        if state.nesting >= M.max_nesting then
            limit("library calls that call back into the description (gsub, sort, "
                .. "pcall, xpcall) nested more than " .. M.max_nesting .. " deep", 3)
        end
        state.nesting = state.nesting + 1
        local r = pack(pcall(f, ...))
        state.nesting = state.nesting - 1
        if not r[1] then
            error(r[2], 0)
        end
        return unpack(r, 2, r.n)
    end
    local function pattern_guard(name, s, p)
        if type(s) == "number" then s = tostring(s) end
        if type(p) == "number" then p = tostring(p) end
        if type(s) ~= "string" or type(p) ~= "string" then
            return -- the library function gives its own error
        end
        local q = pattern_items(p)
        local steps = (#s + 1) ^ (q + 1) * (#p + 1)
        if steps > M.max_pattern_steps then
            limit("string." .. name .. "(): the pattern has " .. q .. " repeated item"
                .. (q == 1 and "" or "s") .. " on a subject of " .. #s .. " bytes, "
                .. "which could take more than " .. string.format("%.0e", M.max_pattern_steps)
                .. " steps; the sandbox refuses it (use a shorter subject or a simpler "
                .. "pattern)", 4)
        end
    end
    local S = copy(string, { dump = true })
    S.dump = function()
        error("string.dump is not available in a network description "
            .. "(a description cannot make bytecode)", 2)
    end
    S.rep = function(s, n, sep)
        local count = tonumber(n) or 0
        local total = (#tostring(s) + #tostring(sep or "")) * count
        if total > max_bytes or count > max_bytes then
            limit("memory", 2)
        end
        local r = string.rep(s, n, sep)
        check_memory()
        return r
    end
    S.find = function(s, p, init, plain)
        if not plain then pattern_guard("find", s, p) end
        return string.find(s, p, init, plain)
    end
    S.match = function(s, p, init)
        pattern_guard("match", s, p)
        return string.match(s, p, init)
    end
    S.gmatch = function(s, p, ...)
        pattern_guard("gmatch", s, p)
        return string.gmatch(s, p, ...)
    end
    S.gsub = function(s, p, repl, max_n)
        pattern_guard("gsub", s, p)
        local n = #tostring(s)
        if type(repl) == "string" or type(repl) == "number" then
            -- each match is replaced by repl, whose %0..%9 are at most the subject
            local r = tostring(repl)
            local refs = select(2, string.gsub(r, "%%%d", ""))
            local matches = math.min(n + 1, tonumber(max_n) or n + 1)
            if n + matches * (#r + refs * n) > max_bytes then
                limit("memory", 2)
            end
            local a, b = string.gsub(s, p, repl, max_n)
            check_memory()
            return a, b
        end
        local total = n
        local function counted(v)
            if type(v) == "string" or type(v) == "number" then
                total = total + #tostring(v)
                if total > max_bytes then
                    limit("memory", 3)
                end
            end
            return v
        end
        local wrapped = repl
        if type(repl) == "function" then
            wrapped = function(...)
                return counted((repl(...)))
            end
        elseif type(repl) == "table" then
            wrapped = function(k, ...)
                if select("#", ...) == 0 and k == nil then
                    return nil
                end
                return counted(repl[k])
            end
        end
        local a, b = nested(string.gsub, s, p, wrapped, max_n)
        check_memory()
        return a, b
    end
    local Tb = copy(table)
    Tb.unpack = unpack
    Tb.concat = function(t, sep, i, j)
        if type(t) == "table" then
            local first, last = tonumber(i) or 1, tonumber(j) or #t
            if last - first + 1 > max_bytes then
                limit("memory", 2)
            end
            local total = 0
            local seplen = #tostring(sep or "")
            for k = first, last do
                local v = t[k]
                if type(v) == "string" or type(v) == "number" then
                    total = total + #tostring(v) + seplen
                    if total > max_bytes then
                        limit("memory", 2)
                    end
                end
            end
        end
        local r = table.concat(t, sep, i, j)
        check_memory()
        return r
    end
    Tb.insert = function(t, ...)
        local count = select("#", ...)
        if count == 2 and type(t) == "table" then
            local pos = ...
            local e = #t + 1
            if type(pos) ~= "number" or pos ~= math.floor(pos) or pos < 1 or pos > e then
                error("bad argument #2 to 'insert' (position out of bounds)", 2)
            end
        end
        return table.insert(t, ...)
    end
    Tb.sort = function(t, less)
        if less ~= nil then
            return nested(table.sort, t, less)
        end
        return table.sort(t)
    end
    return S, Tb, nested
end

-- Our budget hook is still the one installed (lua.c's SIGINT handler puts
-- its own, which raises "interrupted!" and then removes every hook; Lua 5.1
-- still names our function then, but with a count of 0).
local function hook_in_place(state)
    local f, _, count = debug.gethook()
    return rawequal(f, state.hook) and count == HOOK_STEP
end

local function make_env(file, helper_lines, state)
    local limit = make_limit(state)
    local env = {}
    for _, name in ipairs({ "assert", "error", "ipairs", "next", "pairs", "rawequal",
        "rawget", "rawset", "rawlen", "select", "tonumber", "tostring",
        "type", "_VERSION" }) do
        env[name] = _G[name]
    end
    env.unpack = unpack
    -- Say why a forbidden function is missing instead of Lua's "attempt to
    -- call a nil value", whose wording also differs between Lua versions.
    local function forbidden(name, why)
        return function()
            error(name .. " is not available in a network description (" .. why .. ")", 2)
        end
    end
    env.math = copy(math, { random = true, randomseed = true })
    local no_random = "its numbers differ between Lua versions; write the values, "
        .. "or leave them out for init to choose"
    env.math.random = forbidden("math.random", no_random)
    env.math.randomseed = forbidden("math.randomseed", no_random)
    local nested
    env.string, env.table, nested = bounded_library(state, limit)
    env.getmetatable = function(v)
        if type(v) == "string" then
            return nil -- the shared string metatable is the generator's
        end
        return getmetatable(v)
    end
    -- No finalizer and no to-be-closed handler: nothing of the description
    -- may run after it returned, or while an interrupt unwinds it.
    env.setmetatable = function(t, mt)
        if type(mt) == "table" and (rawget(mt, "__gc") ~= nil or rawget(mt, "__close") ~= nil) then
            error("setmetatable(): __gc and __close are not available in a network "
                .. "description (no code of it may run after it returned)", 2)
        end
        return setmetatable(t, mt)
    end
    -- What a protected call caught: the sandbox's limits, an interrupt (the
    -- standalone lua's SIGINT handler replaced our hook and raised
    -- "interrupted!") and an allocation failure are passed on.
    local function passed_on(e)
        if rawequal(e, LIMIT) then
            return "limit"
        elseif not hook_in_place(state) then
            return "interrupt"
        elseif rawequal(e, "not enough memory") then
            return "memory"
        end
        return nil
    end
    local function after_protected(ok, ...)
        if not ok then
            local why = passed_on((...))
            if why == "interrupt" then
                debug.sethook(state.hook, "", HOOK_STEP) -- every later step stops
                limit("interrupt")
            elseif why == "memory" then
                limit("memory")
            elseif why then
                error(LIMIT, 0)
            end
        end
        return ok, ...
    end
    env.pcall = function(f, ...)
        return after_protected(nested(pcall, f, ...))
    end
    env.xpcall = function(f, handler, ...)
        local args = pack(...)
        return after_protected(nested(xpcall, function() return f(unpack(args, 1, args.n)) end,
            function(e)
                if passed_on(e) then
                    return e
                end
                return handler(e)
            end))
    end

    -- The description helpers build the canonical tables and remember the
    -- line they were called from, for error messages.
    local chunkname = "@" .. file
    -- The helpers below avoid tail calls, so that error levels count the
    -- same frames on every Lua: level 3 from layer() is the description.
    local function remember(t)
        -- the innermost frame of the description: a helper called from a
        -- description function that was itself tail-called still finds a line
        helper_lines[t] = description_line(chunkname, 3)
    end
    local function layer(op, fields)
        if fields ~= nil and type(fields) ~= "table" then
            error(op .. "(): expected a table of fields, got " .. type(fields), 3)
        end
        local t = copy(fields or {})
        if t.op ~= nil and t.op ~= op then
            error(op .. "(): field op is '" .. tostring(t.op) .. "'", 3)
        end
        t.op = op
        remember(t)
        return t
    end
    for name, helper in pairs(require("flatprop.ops").helpers(layer)) do
        env[name] = helper
    end
    local sandboxed = {}
    for _, name in ipairs({ "io", "os", "require", "package", "debug", "load", "loadstring",
        "loadfile", "dofile", "collectgarbage", "print", "module", "setfenv", "getfenv",
        "coroutine", "newproxy", "jit", "ffi" }) do
        sandboxed[name] = true
    end
    local known = util.sorted_keys(env)
    setmetatable(env, { __index = function(_, name)
        if sandboxed[name] then
            error("'" .. tostring(name) .. "' is not available in a network description "
                .. "(it runs sandboxed: no files, no system, no loading code)", 2)
        end
        return nil
    end })
    return env, known
end

local function read_file(path)
    local f, err = util.open_regular(path)
    if not f then
        errors.user(path, nil, "cannot read the description: " .. err)
    end
    local src = f:read(M.max_source_bytes + 1)
    f:close()
    src = src or ""
    if #src > M.max_source_bytes then
        errors.user(path, nil, "the description is larger than "
            .. math.floor(M.max_source_bytes / 1048576) .. " MiB")
    end
    return src
end

local function compile(src, path, env)
    if src:byte(1) == 27 then
        errors.user(path, nil, "precompiled Lua chunks are not accepted; give the source")
    end
    -- a to-be-closed variable (Lua 5.4) would run the description's code
    -- while an error or interrupt unwinds it: refused on every Lua alike
    local at = srcmap.close_attribute_line(src)
    if at then
        errors.user(path, at, "to-be-closed variables (<close>) are not "
            .. "available in a network description")
    end
    local chunk, err
    if setfenv then -- Lua 5.1 and LuaJIT
        chunk, err = loadstring(src, "@" .. path) -- luacheck: ignore 113
        if chunk then
            setfenv(chunk, env)
        end
    else
        chunk, err = load(src, "@" .. path, "t", env)
    end
    if not chunk then
        errors.user(nil, nil, (tostring(err):gsub("\n.*", "")))
    end
    return chunk
end

-- `keys` (a path from the returned table) as text: layers[2].weights
local function path_text(keys)
    local parts = {}
    for i, k in ipairs(keys) do
        if type(k) == "number" then
            parts[#parts + 1] = "[" .. util.show(k) .. "]"
        elseif k:match("^[%a_][%w_]*$") then
            parts[#parts + 1] = (i > 1 and "." or "") .. k
        else
            parts[#parts + 1] = "[" .. util.show(k) .. "]"
        end
    end
    if #parts == 0 then
        return "the returned table"
    end
    return table.concat(parts)
end

-- The returned value as plain tables, read with raw access only. A table
-- reached twice is copied once (its copy is shared); a cycle, a value that
-- is not data, a key that is not a string or number, and too deep or too
-- large a value are refused with the path where it was found.
local function plain_copy(root, helper_lines, copied_lines)
    local on_path, done, count = {}, {}, 0
    local keys, tables = {}, {}
    local function refuse(msg)
        error({ REFUSED, path_text(keys) .. " " .. msg, copy(keys), copy(tables) }, 0)
    end
    local function walk(v, depth)
        local tv = type(v)
        if tv ~= "table" then
            if tv == "string" or tv == "number" or tv == "boolean" then
                return v
            end
            refuse("is a " .. tv .. "; a description returns data only "
                .. "(tables, strings, numbers and booleans)")
        end
        if done[v] then
            return done[v]
        end
        if on_path[v] then
            refuse("contains itself; a description returns a tree of tables")
        end
        if depth > M.max_depth then
            refuse("is nested more than " .. M.max_depth .. " tables deep")
        end
        on_path[v] = true
        tables[#tables + 1] = v
        local c = {}
        for k, x in next, v do
            count = count + 1
            if count > M.max_values then
                refuse("holds more than " .. M.max_values .. " values in all")
            end
            local tk = type(k)
            if tk ~= "string" and tk ~= "number" then
                refuse("has a key that is a " .. tk .. "; keys are names or numbers")
            end
            keys[#keys + 1] = k
            c[k] = walk(x, depth + 1)
            keys[#keys] = nil
        end
        tables[#tables] = nil
        on_path[v] = nil
        done[v] = c
        copied_lines[c] = helper_lines[v]
        return c
    end
    return walk(root, 1)
end

-- Run `chunk` with the instruction budget and memory cap in force, then
-- copy what it returned inside the same limits.
local function run_limited(chunk, state, helper_lines, copied_lines)
    local limit = make_limit(state)
    local count = 0
    local max_steps = math.floor(M.max_instructions / HOOK_STEP)
    state.hook = function()
        if state.closed then
            return
        end
        count = count + 1
        if state.what then
            error(LIMIT, 0)
        end
        if count > max_steps then
            limit("instructions")
        end
        if collectgarbage("count") > M.max_memory_kb then
            collectgarbage("collect")
            if collectgarbage("count") > M.max_memory_kb then
                limit("memory")
            end
        end
    end
    -- LuaJIT does not call hooks from compiled traces: interpret only.
    local jit = rawget(_G, "jit")
    if jit then
        jit.off()
        jit.flush()
    end
    local string_mt = getmetatable("")
    local saved_index = string_mt.__index
    string_mt.__index = state.safe_string
    debug.sethook(state.hook, "", HOOK_STEP)
    local function body()
        local value = chunk()
        if type(value) == "table" then
            value = plain_copy(value, helper_lines, copied_lines)
        end
        -- the description's garbage goes while its limits still hold
        collectgarbage("collect")
        return value
    end
    -- The hook can fire on any instruction until it is removed, also just
    -- after the description's pcall returned: the outer pcall catches a
    -- limit raised there, and once closed the hook does nothing.
    local outer_ok, results = pcall(function()
        local r = pack(pcall(body))
        state.interrupted = not hook_in_place(state)
        state.closed = true
        return r
    end)
    state.closed = true
    if not outer_ok then
        state.interrupted = state.interrupted or not hook_in_place(state)
        results = { false, results }
    end
    local interrupted = state.interrupted
    debug.sethook()
    string_mt.__index = saved_index
    if jit then
        jit.on()
    end
    if interrupted then
        state.what = state.what or "interrupt"
        if not state.line and type(results[2]) == "string" then
            local file = state.chunkname:sub(2) .. ":"
            local msg = results[2]
            if msg:sub(1, #file) == file then
                state.line = tonumber(msg:sub(#file + 1):match("^(%d+): interrupted!$"))
            end
        end
        results = { false, LIMIT }
    elseif not results[1] and rawequal(results[2], "not enough memory") then
        state.what = state.what or "memory"
        results = { false, LIMIT }
    end
    return results
end

-- A call of an unknown global function: Lua's message in its 5.4 and its
-- 5.1/LuaJIT wording.
local function unknown_global(msg)
    return msg:match("attempt to call a nil value %(global '([^']*)'%)")
        or msg:match("attempt to call global '([^']*)' %(a nil value%)")
end

-- Load the description at `path`. Returns the description table and a
-- `where` record: { file = path, map = source map, helper_lines = {...} }.
-- A description naming an ONNX model (onnx = "m.onnx") comes back expanded
-- to input and layers (onnx_import.lua). opts.loss: the loss of a bare .onnx
-- file given on the command line.
function M.load(path, opts)
    local desc, where = M.load_plain(path, opts)
    if type(desc) == "table" and desc.onnx ~= nil then
        desc = require("flatprop.onnx_import").expand(desc, where)
    end
    return desc, where
end

-- The name a bare model file gives a network: its file name as a C identifier.
local function name_from_file(path)
    local stem = path:gsub("^.*[/\\]", ""):gsub("%.[^.]*$", ""):gsub("[^%w_]", "_")
    if stem == "" or stem:match("^%d") then
        stem = "net_" .. stem
    end
    return stem
end

function M.load_plain(path, opts)
    if path:lower():match("%.onnx$") then -- a model alone: --loss gives the rest
        local loss = opts and opts.loss
        if not loss then
            errors.user(path, nil, "an ONNX model given alone needs --loss NAME (one of "
                .. table.concat(require("flatprop.util").sorted_keys(
                    require("flatprop.losses").by_name), ", ") .. ")")
        end
        return { name = name_from_file(path), onnx = path:gsub("^.*[/\\]", ""), loss = loss },
            { file = path, map = nil, helper_lines = {}, onnx_path = path }
    end
    local src = read_file(path)
    if path:lower():match("%.json$") then -- plain data, nothing to run
        return require("flatprop.json").load_description(path, src)
    end
    local helper_lines = setmetatable({}, { __mode = "k" })
    local copied_lines = {}
    local state = { nesting = 0, chunkname = "@" .. path }
    local env, known = make_env(path, helper_lines, state)
    state.safe_string = env.string
    local chunk = compile(src, path, env)
    env = nil -- luacheck: ignore 311
    local results = run_limited(chunk, state, helper_lines, copied_lines)
    chunk = nil -- luacheck: ignore 311
    local ok, value = results[1], results[2]
    local where = { file = path, map = srcmap.scan(src), helper_lines = copied_lines }
    if not ok then
        if rawequal(value, LIMIT) then
            local what, line = state.what, state.line
            if what == "memory" then
                errors.user(path, line, string.format(
                    "the description used more than %d MiB of memory",
                    math.floor(M.max_memory_kb / 1024)))
            elseif what == "instructions" then
                errors.user(path, line, string.format(
                    "the description ran for more than %d million Lua instructions "
                    .. "(an endless loop?)", math.floor(M.max_instructions / 1e6)))
            elseif what == "interrupt" then
                errors.interrupted(path, line)
            end
            errors.user(path, line, what)
        elseif type(value) == "table" and rawequal(rawget(value, 1), REFUSED) then
            local line = M.line_of({ map = where.map, helper_lines = helper_lines },
                value[3], value[4])
            errors.user(path, line, value[2])
        elseif type(value) == "string" then
            local msg = value:gsub("%s*\n%s*", " ")
            local name = unknown_global(msg)
            if name then
                local line = msg:match("^[^\n]-:(%d+): ")
                errors.user(path, tonumber(line), "'" .. name .. "' is not a known helper "
                    .. "or function" .. util.suggest(name, known))
            end
            -- Lua usually wrote "FILE:LINE: message" already; error(msg, 0)
            -- and LuaJIT's "stack overflow" did not, so say which file
            if msg:sub(1, #path + 1) == path .. ":" and msg:sub(#path + 2):match("^%d+:") then
                errors.user(nil, nil, msg)
            end
            errors.user(path, nil, msg)
        end
        errors.user(path, nil, "the description raised an error that is not a string ("
            .. type(value) .. ")")
    end
    if type(value) ~= "table" then
        errors.user(path, nil, "the description must return a table, it returned "
            .. (value == nil and "nothing" or "a " .. type(value)))
    end
    return value, where
end

-- The best known line for `path` (a list of keys from the description's
-- root) given the table `t` found there: the exact source-map entry, else the
-- line of the helper call that built t or an enclosing table, else the
-- nearest enclosing table in the source map.
function M.line_of(where, path, tables)
    if not where then
        return nil
    end
    if srcmap.has(where.map, path) then
        return srcmap.line(where.map, path)
    end
    for i = #(tables or {}), 1, -1 do
        local line = where.helper_lines[tables[i]]
        if line then
            return line
        end
    end
    return srcmap.line(where.map, path)
end

return M
