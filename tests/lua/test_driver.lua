-- Tests of driver.lua: options, exit statuses, and what is (not) written.
local driver = require("flatprop.driver")
local expect = require("expect")
local eq, contains = expect.eq, expect.contains

local T = {}

local SEED = expect.root .. "/examples/seed/seed.lua"

local function stream()
    local s = { parts = {} }
    function s.write(self, ...)
        for _, v in ipairs({ ... }) do
            self.parts[#self.parts + 1] = v
        end
        return self
    end
    function s.text(self)
        return table.concat(self.parts)
    end
    return s
end

-- Run main with argv; returns status, stdout text, stderr text.
local function main(argv, templates)
    local out, err = stream(), stream()
    local status = driver.main(argv, { stdout = out, stderr = err,
        templates = templates or (expect.root .. "/templates") })
    return status, out:text(), err:text()
end

local function usage_error(argv)
    local ok, e = pcall(driver.parse_args, argv)
    eq(ok, false)
    eq(type(e), "table")
    return e.usage
end

function T.parse_args_defaults()
    local o = driver.parse_args({ "net.lua" })
    eq(o.input, "net.lua")
    eq(o.output, ".")
    eq(o.type, "float")
    eq(o.name, nil)
    eq(o.print_name, nil)
end

function T.parse_args_all_options()
    local o = driver.parse_args({ "-o", "out", "--type", "double", "--name", "n",
        "--print-name", "net.lua" })
    eq(o.output, "out")
    eq(o.type, "double")
    eq(o.name, "n")
    eq(o.print_name, true)
    eq(o.input, "net.lua")
    o = driver.parse_args({ "net.lua", "--output", "d" })
    eq(o.output, "d")
    eq(driver.parse_args({ "-h" }).help, true)
    eq(driver.parse_args({ "--help" }).help, true)
    eq(driver.parse_args({ "--version" }).version, true)
end

function T.parse_args_inline_values()
    local o = driver.parse_args({ "--output=dir/x", "--type=double", "--name=abc", "n.lua" })
    eq(o.output, "dir/x")
    eq(o.type, "double")
    eq(o.name, "abc")
    eq(driver.parse_args({ "--output=", "n.lua" }).output, "")
    eq(driver.parse_args({ "-" }).input, "-")
end

function T.parse_args_usage_errors()
    eq(usage_error({ "--frobnicate", "n.lua" }), "unknown option '--frobnicate'")
    eq(usage_error({ "-x", "n.lua" }), "unknown option '-x'")
    eq(usage_error({ "--frob=1", "n.lua" }), "unknown option '--frob'")
    eq(usage_error({ "n.lua", "-o" }), "option -o needs a value")
    eq(usage_error({ "n.lua", "--type", "half" }), "--type must be float or double, got 'half'")
    eq(usage_error({ "a.lua", "b.lua" }), "more than one description given ('a.lua' and 'b.lua')")
    eq(usage_error({}), "no description given")
    eq(usage_error({ "-o", "d" }), "no description given")
end

function T.exit_statuses()
    local dir = expect.tmpdir()
    eq((main({ "-o", dir, SEED })), driver.EXIT_OK)
    eq(driver.EXIT_OK, 0)
    local status, _, err = main({ "--bogus", SEED })
    eq(status, 2)
    eq(err, "flatprop: unknown option '--bogus' (flatprop --help lists the options)\n")
    status, _, err = main({ "--flash-budjet", "1", SEED })
    eq(status, 2)
    eq(err, "flatprop: unknown option '--flash-budjet'; did you mean '--flash-budget'? "
        .. "(flatprop --help lists the options)\n")
    status, _, err = main({ "-o", dir, "/nonexistent/net.lua" })
    eq(status, 1)
    eq(err, "/nonexistent/net.lua: cannot read the description: No such file or directory\n")
    status, _, err = main({ "-o", dir .. "/missing", SEED })
    eq(status, 1)
    eq(err, "output folder '" .. dir .. "/missing' does not exist\n")
    -- a broken installation (no templates) is flatprop's fault: status 3
    local d2 = expect.tmpdir()
    status, _, err = main({ "-o", d2, SEED }, "/nonexistent")
    eq(status, 3)
    contains(err, "flatprop: internal error (this is a bug in flatprop, please report it): ")
    expect.not_contains(err, "traceback")
    eq(expect.list(d2), "")
    expect.rmdir(d2)
    expect.rmdir(dir)
end

function T.help_and_version()
    local status, out = main({ "--help" })
    eq(status, 0)
    contains(out, "usage: flatprop [options] NETWORK.lua")
    status, out = main({ "--version" })
    eq(status, 0)
    eq(out, "flatprop " .. require("flatprop.version").string .. "\n")
end

function T.print_name_writes_nothing()
    local dir = expect.tmpdir()
    local status, out, err = main({ "--print-name", "-o", dir, SEED })
    eq(status, 0)
    eq(out, "seed\n")
    eq(err, "")
    eq(expect.list(dir), "")
    status, out = main({ "--print-name", "--name", "other", SEED })
    eq(status, 0)
    eq(out, "other\n")
    expect.rmdir(dir)
end

function T.writes_both_files_and_no_temporaries()
    local dir = expect.tmpdir()
    local status, out, err = main({ "-o", dir, "--name", "net2", SEED })
    eq(status, 0)
    eq(out, "")
    eq(err, "")
    eq(expect.list(dir), "net2.c net2.h")
    contains(expect.read(dir .. "/net2.h"), "#define NET2_N_PARAMS 9")
    contains(expect.read(dir .. "/net2.c"), "with --type float --name net2")
    -- writing again replaces the files in place, still without leftovers
    eq((main({ "--output=" .. dir, "--name", "net2", SEED })), 0)
    eq(expect.list(dir), "net2.c net2.h")
    expect.rmdir(dir)
end

function T.no_file_written_or_changed_on_error()
    local dir = expect.tmpdir()
    eq((main({ "-o", dir, SEED })), 0)
    local before = expect.read(dir .. "/seed.c")
    local bad = expect.write_temp(
        'return { name = "seed", input = 2, layers = {}, loss = "mse" }\n')
    local status, _, err = main({ "-o", dir, bad })
    os.remove(bad)
    eq(status, 1)
    contains(err, ": layers is empty")
    eq(expect.list(dir), "seed.c seed.h")
    eq(expect.read(dir .. "/seed.c"), before)
    expect.rmdir(dir)
end

function T.write_atomically_cleans_up_on_failure()
    local dir = expect.tmpdir()
    -- the second file's name is a folder: its rename fails after both temporaries exist
    assert(os.execute("mkdir '" .. dir .. "/b.c'"))
    assert(os.execute("touch '" .. dir .. "/b.c/x'"))
    local msg = expect.user_error(driver.write_atomically, dir, {
        { name = "b.h", text = "h" }, { name = "b.c", text = "c" } })
    contains(msg, "cannot ")
    local names = expect.list(dir)
    expect.not_contains(names, ".tmp")
    expect.not_contains(names, ".old")
    expect.not_contains(names, "b.h")
    expect.rmdir(dir)
end

function T.write_atomically_replaces_both_or_neither()
    local dir = expect.tmpdir()
    driver.write_atomically(dir, { { name = "n.h", text = "old h" },
        { name = "n.c", text = "old c" } })
    -- a folder in the way of the second file: the first must keep its old text
    assert(os.execute("mkdir '" .. dir .. "/m.c'"))
    local msg = expect.user_error(driver.write_atomically, dir, {
        { name = "n.h", text = "new h" }, { name = "m.c", text = "new c" } })
    contains(msg, "it is a folder")
    eq(expect.read(dir .. "/n.h"), "old h")
    driver.write_atomically(dir, { { name = "n.h", text = "new h" },
        { name = "n.c", text = "new c" } })
    eq(expect.read(dir .. "/n.h"), "new h")
    eq(expect.read(dir .. "/n.c"), "new c")
    eq(expect.list(dir), "m.c n.c n.h")
    expect.rmdir(dir)
end

-- Issue 17 (6): numbers at the edges are checked as numbers and print as
-- written, on every Lua (5.4's %d refuses 1e20, 5.1's prints 2^63 negative).
function T.huge_numeric_options()
    local dir = expect.tmpdir()
    local status, _, err = main({ "-o", dir, "--flash-budget", "99999999999999999999", SEED })
    eq(status, 0, err)
    local f = assert(io.open(dir .. "/seed.c", "rb"))
    local c = f:read("*a")
    f:close()
    contains(c, "--flash-budget 99999999999999999999")
    status, _, err = main({ "-o", dir, "--max-params", "1e300", SEED })
    eq(status, 0, err)
    status, _, err = main({ "-o", dir, "--max-params", "1e999", SEED })
    eq(status, 0, err)
    eq(usage_error({ "--max-params", "nan", "n.lua" }), "--max-params must be a positive "
        .. "integer, got 'nan'")
    os.execute("rm -rf '" .. dir .. "'")
end

function T.max_params_option()
    local opts = driver.parse_args({ "--max-params", "50", "x.lua" })
    eq(opts.max_params, 50)
    local status = main({ "--max-params", "zero", "x.lua" })
    eq(status, 2)
end

return T
