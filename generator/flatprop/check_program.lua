-- check_program: the driver's entry to the gradient checks (--check, --reference).
-- Takes: the checked network model and the options. Gives: the text of
-- NAME_check.c, or the reference report for a point read from a file.
--
-- An op or loss the reference evaluator has no rule for is a user error
-- that names it (the generated code cannot be checked without one).
local errors = require("flatprop.errors")
local emit_check = require("flatprop.emit_check")
local reffile = require("flatprop.reffile")

local M = {}

local function guarded(net, f, ...)
    local ok, res = pcall(f, ...)
    if not ok then
        if type(res) == "table" and res.reference then
            errors.user(net.file, nil, res.reference)
        end
        error(res, 0)
    end
    return res
end

function M.check_file(net, opts, options_text)
    return guarded(net, emit_check.emit, net, {
        templates = opts.templates,
        options_text = options_text .. " --check",
    })
end

function M.reference(net, path)
    return guarded(net, reffile.run, net, path)
end

return M
