-- driver: the command line: its options, and its modes as consumers of
-- the pipeline's record. Takes: command-line arguments. Gives: NAME.h and
-- NAME.c (or what the mode prints or writes), or one error line per
-- problem on stderr and a non-zero exit status with no file written.
--
-- compile.lua runs load -> check -> plan -> lower -> simplify -> emit, as
-- far as the mode needs; output.lua writes the files. Exit statuses:
-- 0 success, 1 bad description or input, 2 bad command line, 3 internal
-- error (a bug in flatprop), 130 interrupted (SIGINT).
local errors = require("flatprop.errors")
local compile = require("flatprop.compile")
local output = require("flatprop.output")
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

-- The compile options for the command line's options.
local function compile_options(opts, stop)
    return {
        stop = stop,
        loss = opts.loss,
        type = opts.type,
        name = opts.name,
        flash_budget = opts.flash_budget,
        placement = opts.placement,
        vector = opts.vector,
        max_params = opts.max_params,
        templates = opts.templates,
        options_text = options_text(opts),
        after = opts.after,
    }
end

-- How far each mode runs the pipeline (compile.lua).
local function stop_for(opts)
    if opts.list_inputs and not opts.print_name then
        return "load"
    elseif opts.print_name or opts.write_onnx or opts.reference then
        return "check"
    elseif opts.report then
        return "simplify"
    end
    return "emit"
end

-- A very large unrolled network takes a while to generate and to compile:
-- say so, with the size, after the plan and before the work starts.
local function size_warning(opts)
    return function(stage, record)
        local size = record.plan and record.plan.size
        if stage == "plan" and opts.warn and not opts.report and size.bytes > M.WARN_BYTES then
            opts.warn(string.format("flatprop: warning: %s: fully unrolled, %s will take "
                .. "about %d lines and %.1f MB of C; generating and compiling it takes a while "
                .. "(a smaller --flash-budget, or unroll = \"rows\" or \"loop\", keeps it "
                .. "small)\n", record.net.path, table.concat(size.names, ", "), size.lines,
                size.bytes / 1e6))
        end
    end
end

-- Run the pipeline as far as the mode needs; raises user errors.
function M.compile(opts)
    opts.after = opts.after or size_warning(opts)
    return compile.compile(opts.input, compile_options(opts, stop_for(opts)))
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
        local r = M.compile(opts)
        -- the consumers of the record, one per mode
        if opts.print_name or opts.list_inputs then
            if opts.print_name then
                stdout:write(r.net.name .. "\n")
            end
            if opts.list_inputs then
                for _, path in ipairs(inputs.list(r.desc, opts.input, r.where)) do
                    stdout:write(path, "\n")
                end
            end
            return
        end
        if opts.write_onnx then -- ONNX: that file only
            local onnx = require("flatprop.onnx_write").file(r.net, r.where, opts.write_onnx)
            local dir = opts.write_onnx_out:match("^(.*)[/\\][^/\\]*$") or "."
            output.write(dir == "" and "/" or dir, { { path = opts.write_onnx_out, text = onnx } })
            return
        end
        if opts.reference then
            stdout:write(require("flatprop.check_program").reference(r.net, opts.reference))
            return
        end
        if opts.report then -- with --dot, the graph is the one file written
            stdout:write(require("flatprop.report").text(r.planned, r.simplified))
            if opts.dot then
                output.write(opts.output,
                    { { path = opts.dot, text = require("flatprop.dot").dot(r.planned) } })
            end
            return
        end
        local net = r.planned
        local out = {
            { name = net.name .. ".h", text = r.files.h },
            { name = net.name .. ".c", text = r.files.c },
        }
        if opts.dot then
            out[#out + 1] = { path = opts.dot, text = require("flatprop.dot").dot(net) }
        end
        if opts.check then -- NAME_check.c: the gradient check
            out[#out + 1] = { name = net.name .. "_check.c",
                text = require("flatprop.check_program").check_file(net, opts, options_text(opts)) }
        end
        output.write(opts.output, out)
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

-- Kept for callers of the old name.
M.write_atomically = output.write

return M
