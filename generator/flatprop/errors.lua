-- Errors: the two kinds a stage can raise, and how the driver prints them.
-- Takes: a location and a message. Gives: error values and their one-line text.
--
-- A user error (bad description, bad option) names where it is and what is
-- wrong; an internal error is a bug in flatprop and says so. They exit with
-- different statuses (see driver.lua).
local M = {}

local UserError = {}
UserError.__index = UserError

-- Raise a user error. `file` and `line` may be nil when not known.
function M.user(file, line, msg)
    error(setmetatable({ file = file, line = line, msg = msg }, UserError), 0)
end

function M.is_user(e)
    return getmetatable(e) == UserError
end

local ESCAPES = { ["\n"] = "\\n", ["\r"] = "\\r" }

-- The one line a user sees: FILE:LINE: message, FILE: message, or message.
-- A newline (or another control character) inside a name, a field or a
-- file name is written escaped, so that the message stays one line.
function M.format(e)
    local text
    if e.file and e.line then
        text = string.format("%s:%d: %s", e.file, e.line, e.msg)
    elseif e.file then
        text = string.format("%s: %s", e.file, e.msg)
    else
        text = e.msg
    end
    return (text:gsub("[%c]", function(c)
        if c == "\t" then
            return c
        end
        return ESCAPES[c] or string.format("\\%03d", c:byte())
    end))
end

-- The run was interrupted (SIGINT); `file` and `line` say where, when known.
local Interrupt = {}
function M.interrupted(file, line)
    error(setmetatable({ file = file, line = line, msg = "interrupted" }, Interrupt), 0)
end

function M.is_interrupt(e)
    return getmetatable(e) == Interrupt
        or (type(e) == "string" and e:sub(-12) == "interrupted!")
end

-- Raise an internal error (a broken invariant inside flatprop).
function M.bug(msg)
    error("internal error: " .. msg, 2)
end

return M
