-- driver: the command line, wiring the stages, writing the files.
-- Takes: command-line arguments. Gives: NAME.h and NAME.c, or one error
-- line on stderr and a non-zero exit status with no file written.
--
-- load -> check -> lower (with simplify) -> emit -> write. Exit statuses:
-- 0 success, 1 bad description or input, 2 bad command line, 3 internal
-- error (a bug in flatprop).
local errors = require("flatprop.errors")
local load = require("flatprop.load")
local check = require("flatprop.check")
local lower = require("flatprop.lower")
local policy = require("flatprop.policy")
local emit = require("flatprop.emit")
local version = require("flatprop.version")

local M = {}

M.EXIT_OK, M.EXIT_USER, M.EXIT_USAGE, M.EXIT_BUG = 0, 1, 2, 3

local USAGE = [[
usage: flatprop [options] NETWORK.lua
  -o, --output DIR     where to write NAME.h and NAME.c (default: .)
  --type float|double  the scalar type of the generated code (default float)
  --name NAME          override the description's name
  --print-name         print the network's name and write nothing
  --flash-budget BYTES unroll dense layers fully only while the estimated
                       train_step code fits in BYTES (default 65536)
  -h, --help           show this help
  --version            show the version
]]

local function usage_error(msg)
    error({ usage = msg }, 0)
end

function M.parse_args(argv)
    local opts = { output = ".", type = "float" }
    local i = 1
    local function value(flag)
        i = i + 1
        local v = argv[i]
        if v == nil then
            usage_error("option " .. flag .. " needs a value")
        end
        return v
    end
    while i <= #argv do
        local a = argv[i]
        local flag, inline = a:match("^(%-%-[%w-]+)=(.*)$")
        if flag then
            a = flag
        end
        local function v()
            if inline then
                return inline
            end
            return value(a)
        end
        if a == "-o" or a == "--output" then
            opts.output = v()
        elseif a == "--type" then
            opts.type = v()
            if opts.type ~= "float" and opts.type ~= "double" then
                usage_error("--type must be float or double, got '" .. opts.type .. "'")
            end
        elseif a == "--name" then
            opts.name = v()
        elseif a == "--flash-budget" then
            local text = v()
            local n = tonumber(text)
            if not text:match("^%d+$") or not n or n < 1 then
                usage_error("--flash-budget must be a positive number of bytes, got '"
                    .. text .. "'")
            end
            opts.flash_budget = n
        elseif a == "--print-name" then
            opts.print_name = true
        elseif a == "-h" or a == "--help" then
            opts.help = true
        elseif a == "--version" then
            opts.version = true
        elseif a:sub(1, 1) == "-" and a ~= "-" then
            usage_error("unknown option '" .. a .. "'")
        else
            if opts.input then
                usage_error("more than one description given ('" .. opts.input .. "' and '"
                    .. a .. "')")
            end
            opts.input = a
        end
        i = i + 1
    end
    if not opts.input and not opts.help and not opts.version then
        usage_error("no description given")
    end
    return opts
end

-- The options that shape the output, as they appear in the banner.
local function options_text(opts)
    local parts = { " with --type " .. opts.type }
    if opts.name then
        parts[#parts + 1] = " --name " .. opts.name
    end
    if opts.flash_budget then
        parts[#parts + 1] = " --flash-budget " .. string.format("%d", opts.flash_budget)
    end
    return table.concat(parts)
end

-- Generate the files' text; raises user errors.
function M.generate(opts)
    local desc, where = load.load(opts.input)
    local net = check.check(desc, where, { type = opts.type, name = opts.name })
    if opts.print_name then
        return net
    end
    policy.apply(net, { flash_budget = opts.flash_budget })
    local lowered = lower.lower(net)
    local files = emit.emit(net, lowered, {
        templates = opts.templates,
        options_text = options_text(opts),
    })
    return net, files
end

local function exists_dir(dir)
    local probe = io.open(dir .. "/.", "rb")
    if probe then
        probe:close()
        return true
    end
    return false
end

-- Write every file to a temporary beside it, then rename them into place.
-- On any failure the temporaries are removed and no output has changed.
function M.write_atomically(dir, files)
    if not exists_dir(dir) then
        errors.user(nil, nil, "output folder '" .. dir .. "' does not exist")
    end
    local temps = {}
    local function cleanup()
        for _, t in ipairs(temps) do
            os.remove(t.tmp)
        end
    end
    local salt = tostring(os.time()) .. tostring(math.floor(os.clock() * 1e6) % 1000000)
    for _, f in ipairs(files) do
        local path = dir .. "/" .. f.name
        local tmp = dir .. "/." .. f.name .. "." .. salt .. ".tmp"
        local h, err = io.open(tmp, "wb")
        if not h then
            cleanup()
            errors.user(nil, nil, "cannot write '" .. path .. "': " .. tostring(err))
        end
        temps[#temps + 1] = { tmp = tmp, path = path }
        local ok, werr = h:write(f.text)
        local closed = h:close()
        if not ok or not closed then
            cleanup()
            errors.user(nil, nil, "cannot write '" .. path .. "': " .. tostring(werr))
        end
    end
    for _, t in ipairs(temps) do
        local ok, err = os.rename(t.tmp, t.path)
        if not ok then
            cleanup()
            errors.user(nil, nil, "cannot replace '" .. t.path .. "': " .. tostring(err))
        end
    end
end

-- Run the command line; returns the exit status.
function M.main(argv, env)
    local stderr = (env and env.stderr) or io.stderr
    local stdout = (env and env.stdout) or io.stdout
    local ok, err = pcall(function()
        local opts = M.parse_args(argv)
        if opts.help then
            stdout:write(USAGE)
            return
        end
        if opts.version then
            stdout:write("flatprop " .. version.string .. "\n")
            return
        end
        opts.templates = env and env.templates
        local net, files = M.generate(opts)
        if opts.print_name then
            stdout:write(net.name .. "\n")
            return
        end
        M.write_atomically(opts.output, {
            { name = net.name .. ".h", text = files.h },
            { name = net.name .. ".c", text = files.c },
        })
    end)
    if ok then
        return M.EXIT_OK
    end
    if errors.is_user(err) then
        stderr:write(errors.format(err), "\n")
        return M.EXIT_USER
    elseif type(err) == "table" and err.usage then
        stderr:write("flatprop: ", err.usage, "\n", USAGE)
        return M.EXIT_USAGE
    end
    stderr:write("flatprop: internal error (this is a bug in flatprop, please report it): ",
        (tostring(err):gsub("\n.*", "")), "\n")
    return M.EXIT_BUG
end

return M
