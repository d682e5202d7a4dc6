-- run: the error corpus. Every tests/errors/*.lua is a bad description whose
-- first line is "-- expect: <the exact stderr line>", with FILE standing for
-- the path given to the generator; every tests/errors/*.json is one whose
-- expected line is in NAME.json.expect.
-- Takes: the Lua interpreter under test (arg[1]) and optionally files.
-- Gives: one line per failure, then "N passed, M failed"; non-zero exit on
-- failure.
--
-- Usage (from anywhere): LUA tests/errors/run.lua LUA [FILE...]
-- For each file it runs `LUA generator/flatprop.lua -o TMPDIR FILE` and
-- asserts exit status 1, exactly one stderr line equal to the expected one,
-- nothing on stdout and no file created in TMPDIR. Each run has 60 seconds
-- and 1 GiB of address space (timeout, ulimit -v): a description that
-- escapes the sandbox's limits fails its test instead of hanging the suite.
local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
local root = here .. "/../.."
local lua = arg[1]
if not lua then
    io.stderr:write("usage: LUA tests/errors/run.lua LUA [FILE...]\n")
    os.exit(2)
end

local function sh_quote(s)
    return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- os.execute's result as an exit status: Lua 5.1 and LuaJIT without 5.2
-- compatibility give a wait() status number, 5.2+ give ok, "exit", code.
local function exit_status(a, how, code)
    if type(a) == "number" then
        if a > 255 then
            return math.floor(a / 256)
        end
        return a
    end
    if how == "exit" then
        return code
    end
    return -1 -- killed by a signal
end

local function read(path)
    local f = io.open(path, "rb")
    if not f then
        return nil
    end
    local s = f:read("*a")
    f:close()
    return s
end

local function lines_of(p)
    local t = {}
    for line in p:lines() do
        t[#t + 1] = line
    end
    return t
end

local files = {}
for i = 2, #arg do
    files[#files + 1] = arg[i]
end
if #files == 0 then
    -- JSON cannot hold a comment: NAME.json's expectation is in NAME.json.expect
    local p = io.popen("ls " .. sh_quote(here) .. "/*.lua " .. sh_quote(here) .. "/*.json")
    for _, path in ipairs(lines_of(p)) do
        if not path:match("[/\\]run%.lua$") and not path:match("[/\\]interrupt%.lua$") then
            files[#files + 1] = path
        end
    end
    p:close()
end

local tmp = os.tmpname()
os.remove(tmp)
local outdir, errfile, outfile = tmp .. ".d", tmp .. ".err", tmp .. ".out"
os.execute("mkdir " .. sh_quote(outdir))

local passed, failed = 0, 0
local function fail(file, msg)
    failed = failed + 1
    -- one line per failure: %q writes a newline as backslash-newline
    io.stdout:write("FAIL ", file, ": ", (msg:gsub("\\\n", "\\n")), "\n")
end

for _, file in ipairs(files) do
    local src = read(file)
    local expected = src and src:match("^%-%- expect: ([^\n]*)")
    if file:match("%.json$") then
        expected = (read(file .. ".expect") or ""):match("^([^\n]+)")
    end
    if not expected then
        fail(file, "no '-- expect: ' first line (for .json: no .json.expect file)")
    else
        -- "FILE" in the expectation is the path as given; plain replacement
        expected = expected:gsub("FILE", (file:gsub("%%", "%%%%")))
        local cmd = table.concat({ "ulimit -v 1048576;", "exec timeout -k 5 60",
            sh_quote(lua), sh_quote(root .. "/generator/flatprop.lua"),
            "-o", sh_quote(outdir), sh_quote(file), ">", sh_quote(outfile),
            "2>", sh_quote(errfile) }, " ")
        local status = exit_status(os.execute(cmd))
        local err = read(errfile) or ""
        local out = read(outfile) or ""
        local p = io.popen("ls -A " .. sh_quote(outdir))
        local created = lines_of(p)
        p:close()
        local problems = {}
        if status ~= 1 then
            problems[#problems + 1] = "exit status " .. tostring(status) .. ", expected 1"
        end
        if err ~= expected .. "\n" then
            problems[#problems + 1] = string.format("stderr %q, expected %q", err,
                expected .. "\n")
        end
        if out ~= "" then
            problems[#problems + 1] = string.format("stdout %q, expected nothing", out)
        end
        if #created > 0 then
            problems[#problems + 1] = "created " .. table.concat(created, ", ")
            os.execute("rm -rf " .. sh_quote(outdir) .. "/* " .. sh_quote(outdir) .. "/.[!.]*")
        end
        if #problems > 0 then
            fail(file, table.concat(problems, "; "))
        else
            passed = passed + 1
        end
    end
end

os.remove(errfile)
os.remove(outfile)
os.execute("rm -rf " .. sh_quote(outdir))
io.stdout:write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
