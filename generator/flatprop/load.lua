-- load: run a network description in a sandbox.
-- Takes: the path of a Lua description. Gives: the table it returns, plus
-- where things were written (source map and the lines of helper calls).
--
-- A description is code that runs at build time, so it gets only the
-- description helpers and the parts of the standard library that cannot reach
-- files, load code or change the generator: no io, os, require, package,
-- debug, load*, dofile, collectgarbage, string.dump, print or math.random
-- (whose sequence differs between Lua versions). An instruction budget and a
-- memory cap end endless loops and runaway allocations with an error.
local errors = require("flatprop.errors")
local srcmap = require("flatprop.srcmap")

local M = {}

M.max_instructions = 200 * 1000 * 1000
M.max_memory_kb = 256 * 1024
M.max_source_bytes = 64 * 1024 * 1024

local unpack = table.unpack or unpack -- luacheck: ignore 143

-- A unique value: the sandbox's own limits raise it, and the sandbox's pcall
-- passes it on instead of catching it.
local LIMIT = setmetatable({}, { __tostring = function() return "flatprop limit" end })

local function copy(t, without)
    local c = {}
    for k, v in pairs(t) do
        if not (without and without[k]) then
            c[k] = v
        end
    end
    return c
end

local function make_env(file, helper_lines, limit_state)
    local env = {}
    for _, name in ipairs({ "assert", "error", "ipairs", "next", "pairs", "rawequal",
        "rawget", "rawset", "rawlen", "select", "setmetatable", "tonumber", "tostring",
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
    env.table = copy(table)
    env.table.unpack = unpack
    local safe_string = copy(string, { dump = true })
    safe_string.dump = forbidden("string.dump", "a description cannot make bytecode")
    local max_bytes = M.max_memory_kb * 1024
    safe_string.rep = function(s, n, sep)
        local total = (#tostring(s) + #tostring(sep or "")) * (tonumber(n) or 0)
        if total > max_bytes then
            limit_state.what = "memory"
            error(LIMIT, 0)
        end
        return string.rep(s, n, sep)
    end
    env.string = safe_string
    env.getmetatable = function(v)
        if type(v) == "string" then
            return nil -- the shared string metatable is the generator's
        end
        return getmetatable(v)
    end
    local function rethrow_limit(ok, ...)
        if not ok and (...) == LIMIT then
            error(LIMIT, 0)
        end
        return ok, ...
    end
    env.pcall = function(f, ...)
        return rethrow_limit(pcall(f, ...))
    end
    env.xpcall = function(f, handler, ...)
        local args, n = { ... }, select("#", ...)
        return rethrow_limit(xpcall(function() return f(unpack(args, 1, n)) end,
            function(e)
                if e == LIMIT then
                    return LIMIT
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
        for level = 3, 50 do
            local info = debug.getinfo(level, "Sl")
            if not info then
                break
            end
            if info.source == chunkname and info.currentline and info.currentline > 0 then
                helper_lines[t] = info.currentline
                break
            end
        end
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
    setmetatable(env, { __index = function(_, name)
        if sandboxed[name] then
            error("'" .. tostring(name) .. "' is not available in a network description "
                .. "(it runs sandboxed: no files, no system, no loading code)", 2)
        end
        return nil
    end })
    return env
end

local function read_file(path)
    local f, err = io.open(path, "rb")
    if not f then
        errors.user(path, nil, "cannot read the description: "
            .. tostring(err):gsub("^[^:]*: ", ""))
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

-- Run `chunk` with the instruction budget and memory cap in force.
local function run_limited(chunk, limit_state)
    local count, step = 0, 1000
    local max_steps = math.floor(M.max_instructions / step)
    local hook = function()
        count = count + 1
        if count > max_steps then
            limit_state.what = "instructions"
            error(LIMIT, 0)
        end
        if collectgarbage("count") > M.max_memory_kb then
            collectgarbage("collect")
            if collectgarbage("count") > M.max_memory_kb then
                limit_state.what = "memory"
                error(LIMIT, 0)
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
    string_mt.__index = limit_state.safe_string
    debug.sethook(hook, "", step)
    local results = { pcall(chunk) }
    debug.sethook()
    string_mt.__index = saved_index
    if jit then
        jit.on()
    end
    return results
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
    local limit_state = {}
    local env = make_env(path, helper_lines, limit_state)
    limit_state.safe_string = env.string
    local chunk = compile(src, path, env)
    local results = run_limited(chunk, limit_state)
    local ok, value = results[1], results[2]
    if not ok then
        if value == LIMIT then
            if limit_state.what == "memory" then
                errors.user(path, nil, string.format(
                    "the description used more than %d MiB of memory",
                    math.floor(M.max_memory_kb / 1024)))
            end
            errors.user(path, nil, string.format(
                "the description ran for more than %d million Lua instructions "
                .. "(an endless loop?)", math.floor(M.max_instructions / 1e6)))
        elseif type(value) == "string" then
            local msg = value:gsub("%s*\n%s*", " ")
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
    return value, { file = path, map = srcmap.scan(src), helper_lines = helper_lines }
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
