-- driver: the command line, wiring the stages, writing the files.
-- Takes: command-line arguments. Gives: NAME.h and NAME.c, or one error
-- line on stderr and a non-zero exit status with no file written.
--
-- load -> validate -> lower (with simplify) -> emit -> write. Exit statuses:
-- 0 success, 1 bad description or input, 2 bad command line, 3 internal
-- error (a bug in flatprop), 130 interrupted (SIGINT).
local errors = require("flatprop.errors")
local load = require("flatprop.load")
local validate = require("flatprop.validate")
local lower = require("flatprop.lower")
local policy = require("flatprop.policy")
local emit = require("flatprop.emit")
local version = require("flatprop.version")
local inputs = require("flatprop.inputs")
local scalar = require("flatprop.scalar")

local M = {}

M.EXIT_OK, M.EXIT_USER, M.EXIT_USAGE, M.EXIT_BUG = 0, 1, 2, 3
M.EXIT_INTERRUPT = 130 -- SIGINT (Ctrl-C): 128 + 2, as shells report it
-- Above this estimated size of C (bytes) generation warns first.
M.WARN_BYTES = 8e6

local USAGE = [[
usage: flatprop [options] NETWORK.lua|NETWORK.json|MODEL.onnx
  -o, --output DIR     where to write NAME.h and NAME.c (default: .)
  --type float|double  the scalar type of the generated code (default float)
  --name NAME          override the description's name
  --print-name         print the network's name and write nothing
  --max-params N       refuse more than N parameters in fully unrolled layers
                       (default 200000)
  --list-inputs        print the .npy files the description reads, one a line,
                       and write nothing (after the name with --print-name)
  --dot FILE           also write the network as a Graphviz graph to FILE
  --report             print the cost and a Cortex-M flash/stack estimate; write no C
                       (with --dot only the graph)
  --check              also write NAME_check.c, a self-contained gradient check
  --reference FILE     print the reference evaluator's outputs, loss and
                       gradients at the point in FILE and write nothing
  --flash-budget BYTES unroll dense layers fully only while the estimated
                       train_step code fits in BYTES (default 65536)
  --placement flash|ram
                       pick layer shapes by estimated cycles with the code in
                       flash (wait states) or in zero-wait RAM (default flash)
  --vector mve         dense layers as Helium (MVE) vector code, scalar C where
                       MVE is absent; float only, not bit-identical (lane sums)
  --loss NAME          the loss of a MODEL.onnx given alone (its name: the file's)
  --write-onnx BLOB OUT.onnx
                       write the network as an ONNX model to OUT.onnx with the
                       parameters of BLOB (saved by the runtime), and write nothing else
  -h, --help           show this help
  --version            show the version
]]

-- Every option, for "did you mean".
M.OPTIONS = { "-o", "--output", "--type", "--name", "--print-name", "--max-params",
    "--list-inputs", "--dot", "--report", "--check", "--reference", "--flash-budget", "-h",
    "--help", "--version" }

local function usage_error(msg)
    error({ usage = msg }, 0)
end

function M.parse_args(argv)
    local opts = { output = ".", type = scalar.default }
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
            if not scalar.get(opts.type) then
                usage_error("--type must be " .. scalar.choices() .. ", got '" .. opts.type .. "'")
            end
        elseif a == "--name" then
            opts.name = v()
        elseif a == "--max-params" then
            local n = v()
            local m = tonumber(n)
            if not m or m < 1 or math.floor(m) ~= m or m ~= m then
                usage_error("--max-params must be a positive integer, got '" .. n .. "'")
            end
            opts.max_params = math.min(m, 2 ^ 53) -- more means no limit
        elseif a == "--flash-budget" then
            local text = v()
            local n = tonumber(text)
            if not text:match("^%d+$") or not n or n < 1 then
                usage_error("--flash-budget must be a positive number of bytes, got '"
                    .. text .. "'")
            end
            -- checked as a number before any integer formatting: a budget
            -- over 2^53 bytes means the same (no limit) and prints as written
            opts.flash_budget = math.min(n, 2 ^ 53)
            opts.flash_budget_text = text:gsub("^0+(%d)", "%1")
        elseif a == "--vector" then
            opts.vector = v()
            if opts.vector ~= "mve" then
                usage_error("--vector must be mve, got '" .. opts.vector .. "'")
            end
        elseif a == "--placement" then
            opts.placement = v()
            if opts.placement ~= "flash" and opts.placement ~= "ram" then
                usage_error("--placement must be flash or ram, got '" .. opts.placement .. "'")
            end
        elseif a == "--print-name" then
            opts.print_name = true
        elseif a == "--list-inputs" then
            opts.list_inputs = true
        elseif a == "--dot" then
            opts.dot = v()
        elseif a == "--report" then -- cost and Cortex-M estimate (report.lua)
            opts.report = true
        elseif a == "--check" then
            opts.check = true
        elseif a == "--reference" then
            opts.reference = v()
        elseif a == "--loss" then
            opts.loss = v()
        elseif a == "--write-onnx" then
            opts.write_onnx = v()
            opts.write_onnx_out = value(a)
        elseif a == "-h" or a == "--help" then
            opts.help = true
        elseif a == "--version" then
            opts.version = true
        elseif a:sub(1, 1) == "-" and a ~= "-" then
            usage_error("unknown option '" .. a .. "'"
                .. (a:sub(1, 2) == "--" and require("flatprop.util").suggest(a, M.OPTIONS) or ""))
        else
            if opts.input then
                usage_error("more than one description given ('" .. opts.input .. "' and '"
                    .. a .. "')")
            end
            opts.input = a
        end
        i = i + 1
    end
    if opts.vector and not scalar.of(opts.type).vector then
        usage_error("--vector " .. opts.vector .. " needs --type float (Helium has four "
            .. "float lanes; double is not vectorised), got --type " .. opts.type)
    end
    if not opts.input and not opts.help and not opts.version then
        usage_error("no description given")
    end
    if opts.loss and opts.input and not opts.input:lower():match("%.onnx$") then
        usage_error("--loss goes with an .onnx model given alone (a description names "
            .. "its loss)")
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
        parts[#parts + 1] = " --flash-budget " .. opts.flash_budget_text
    end
    if opts.placement then
        parts[#parts + 1] = " --placement " .. opts.placement
    end
    if opts.vector then
        parts[#parts + 1] = " --vector " .. opts.vector
    end
    return table.concat(parts)
end

-- Generate the files' text; raises user errors.
function M.generate(opts)
    local desc, where = load.load(opts.input, { loss = opts.loss })
    if opts.list_inputs and not opts.print_name then
        return nil, nil, inputs.list(desc, opts.input, where)
    end
    local net = validate.check(desc, where, { type = opts.type, name = opts.name })
    if opts.print_name then
        return net, nil, opts.list_inputs and inputs.list(desc, opts.input, where)
    end
    if opts.write_onnx then -- ONNX out
        return net, { onnx = require("flatprop.onnx_write").file(net, where, opts.write_onnx) }
    end
    if opts.reference then
        return net
    end
    policy.apply(net, { flash_budget = opts.flash_budget, placement = opts.placement })
    local size = policy.guard(net, opts.max_params)
    require("flatprop.vector").apply(net, opts.vector)
    local lowered = lower.lower(net)
    if opts.report then -- with --dot, the graph is the one file written
        local graph = opts.dot and { dot = require("flatprop.dot").dot(net) }
        return net, graph, require("flatprop.report").text(net, lowered)
    end
    -- A very large unrolled network takes a while to generate and to
    -- compile: say so, with the size, before the work starts.
    if opts.warn and size.bytes > M.WARN_BYTES then
        opts.warn(string.format("flatprop: warning: %s: fully unrolled, %s will take about "
            .. "%d lines and %.1f MB of C; generating and compiling it takes a while (a smaller "
            .. "--flash-budget, or unroll = \"rows\" or \"loop\", keeps it small)\n",
            net.path, table.concat(size.names, ", "), size.lines, size.bytes / 1e6))
    end
    local files = emit.emit(net, lowered, {
        templates = opts.templates,
        options_text = options_text(opts),
    })
    if opts.dot then
        files.dot = require("flatprop.dot").dot(net)
    end
    if opts.check then -- gradient checks (issue 3)
        files.check = require("flatprop.check_program").check_file(net, opts, options_text(opts))
    end
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

-- Write every file to a temporary beside its final name, then move the
-- previous outputs aside (beside them too, so a file on another filesystem
-- than the folder works) and the new ones into place. On any failure,
-- including an interrupt, every step is undone: the previous outputs are
-- back and no temporary remains. The system's reason is kept in messages.
function M.write_atomically(dir, files)
    if not exists_dir(dir) then
        errors.user(nil, nil, "output folder '" .. dir .. "' does not exist")
    end
    local salt = tostring(os.time()) .. tostring(math.floor(os.clock() * 1e6) % 1000000)
    local temps, moved, placed = {}, {}, {}
    local function undo()
        for _, path in ipairs(placed) do
            os.remove(path)
        end
        for _, m in ipairs(moved) do
            os.rename(m.backup, m.path)
        end
        for _, t in ipairs(temps) do
            os.remove(t.tmp)
        end
    end
    local function fail(msg)
        errors.user(nil, nil, msg)
    end
    local function beside(path, suffix)
        local fdir, fname = path:match("^(.*[/\\])([^/\\]*)$")
        return (fdir or "") .. "." .. (fname or path) .. "." .. salt .. suffix
    end
    local ok, err = pcall(function()
        for _, f in ipairs(files) do
            -- f.path: a file named on the command line (--dot), wherever it is
            local path = f.path or (dir .. "/" .. f.name)
            local tmp = beside(path, ".tmp")
            local h, oerr = io.open(tmp, "wb")
            if not h then
                fail("cannot write '" .. path .. "': " .. tostring(oerr):gsub("^[^:]*: ", ""))
            end
            temps[#temps + 1] = { tmp = tmp, path = path }
            local written, werr = h:write(f.text)
            local closed, cerr = h:close()
            if not written or not closed then
                fail("cannot write '" .. path .. "': "
                    .. tostring(werr or cerr or "the system gave no reason"))
            end
        end
        for _, t in ipairs(temps) do
            if exists_dir(t.path) then
                fail("cannot replace '" .. t.path .. "': it is a folder")
            end
            local old = io.open(t.path, "rb")
            if old then
                old:close()
                local backup = beside(t.path, ".old")
                local renamed, rerr = os.rename(t.path, backup)
                if not renamed then
                    fail("cannot replace '" .. t.path .. "': " .. tostring(rerr))
                end
                moved[#moved + 1] = { path = t.path, backup = backup }
            end
        end
        for _, t in ipairs(temps) do
            local renamed, rerr = os.rename(t.tmp, t.path)
            if not renamed then
                fail("cannot replace '" .. t.path .. "': " .. tostring(rerr))
            end
            placed[#placed + 1] = t.path
        end
    end)
    if not ok then
        undo()
        error(err, 0)
    end
    for _, m in ipairs(moved) do
        os.remove(m.backup)
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
        opts.warn = function(text) stderr:write(text) end
        local net, files, extra = M.generate(opts)
        if opts.report then
            stdout:write(extra)
            if files then
                M.write_atomically(opts.output, { { path = opts.dot, text = files.dot } })
            end
            return
        end
        if opts.print_name or opts.list_inputs then
            if opts.print_name then
                stdout:write(net.name .. "\n")
            end
            for _, path in ipairs(extra or {}) do
                stdout:write(path, "\n")
            end
            return
        end
        if opts.reference then -- gradient checks (issue 3)
            stdout:write(require("flatprop.check_program").reference(net, opts.reference))
            return
        end
        if files.onnx then -- ONNX: that file only
            local dir = opts.write_onnx_out:match("^(.*)[/\\][^/\\]*$") or "."
            M.write_atomically(dir == "" and "/" or dir,
                { { path = opts.write_onnx_out, text = files.onnx } })
            return
        end
        local out = {
            { name = net.name .. ".h", text = files.h },
            { name = net.name .. ".c", text = files.c },
        }
        if files.dot then
            out[#out + 1] = { path = opts.dot, text = files.dot }
        end
        if files.check then
            out[#out + 1] = { name = net.name .. "_check.c", text = files.check }
        end
        M.write_atomically(opts.output, out)
    end)
    if ok then
        return M.EXIT_OK
    end
    if errors.is_interrupt(err) then
        local where = type(err) == "table" and err.file and errors.format(err)
        stderr:write(where or "flatprop: interrupted", " (SIGINT); no file written\n")
        return M.EXIT_INTERRUPT
    elseif errors.is_user(err) then
        stderr:write(errors.format(err), "\n")
        return M.EXIT_USER
    elseif type(err) == "table" and err.usage then
        -- one line: the mistake (and the nearest option), not the whole usage
        stderr:write("flatprop: ", err.usage, " (flatprop --help lists the options)\n")
        return M.EXIT_USAGE
    end
    stderr:write("flatprop: internal error (this is a bug in flatprop, please report it): ",
        (tostring(err):gsub("\n.*", "")), "\n")
    return M.EXIT_BUG
end

return M
