-- run: a tiny test runner for the generator's stages (no busted needed).
-- Takes: test files (default: every tests/lua/test_*.lua). Gives: one line per
-- failure, then "N passed, M failed"; exits non-zero when anything failed.
--
-- Usage: LUA tests/lua/run.lua [FILE...]
-- Each test file returns a table of named test functions; a test fails when
-- it raises an error. The generator's modules are found relative to this file.
local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
local root = here .. "/../.."
package.path = root .. "/generator/?.lua;" .. root .. "/generator/?/init.lua;"
    .. here .. "/?.lua;" .. package.path
-- tests find examples/ and templates/ through expect.root
require("expect").root = root

local files = {}
for i = 1, #arg do
    files[#files + 1] = arg[i]
end
if #files == 0 then
    -- no directory listing in the standard library: the known test files
    for _, name in ipairs({ "C", "srcmap", "load", "validate", "emit", "driver",
        "npy", "json", "protobuf", "compile" }) do
        files[#files + 1] = here .. "/test_" .. name .. ".lua"
    end
end

local passed, failed = 0, 0
local function report(where, msg)
    failed = failed + 1
    io.stdout:write("FAIL ", where, ": ", (tostring(msg):gsub("\n", " | ")), "\n")
end

for _, file in ipairs(files) do
    local chunk, err = loadfile(file)
    local ok, tests = false, err
    if chunk then
        ok, tests = pcall(chunk)
    end
    if not ok or type(tests) ~= "table" then
        report(file, ok and "the file does not return a table of tests" or tests)
    else
        local names = {}
        for name in pairs(tests) do
            names[#names + 1] = name
        end
        table.sort(names)
        for _, name in ipairs(names) do
            local tok, terr = xpcall(tests[name], function(e)
                -- the first line of the test file in the traceback says where
                local tb = debug.traceback("", 2)
                local at = tb:match("\n%s*([^\n]*test_[%w_]+%.lua:%d+):")
                if at and not tostring(e):find(at, 1, true) then
                    return tostring(e) .. " (at " .. at .. ")"
                end
                return e
            end)
            if tok then
                passed = passed + 1
            else
                report(file .. ": " .. name, terr)
            end
        end
    end
end

io.stdout:write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
