-- expect: assertions for the stage tests.
-- Takes: actual and expected values. Gives: nothing, or an error that says
-- what differed (raised at the caller's line).
local errors = require("flatprop.errors")

local M = {}

local function show(v)
    if type(v) == "string" then
        return string.format("%q", v)
    end
    return tostring(v)
end

function M.eq(actual, expected, what)
    if actual ~= expected then
        error((what and (what .. ": ") or "") .. "expected " .. show(expected) .. ", got "
            .. show(actual), 2)
    end
end

function M.truthy(v, what)
    if not v then
        error((what or "expected a true value") .. ", got " .. show(v), 2)
    end
end

-- The text contains `snippet` literally.
function M.contains(text, snippet)
    if not text:find(snippet, 1, true) then
        error("expected the text to contain " .. show(snippet), 2)
    end
end

function M.not_contains(text, snippet)
    if text:find(snippet, 1, true) then
        error("expected the text not to contain " .. show(snippet), 2)
    end
end

-- f(...) raises; returns the error value.
function M.raises(f, ...)
    local ok, err = pcall(f, ...)
    if ok then
        error("expected an error, got none", 2)
    end
    return err
end

-- f(...) raises a user error; returns its one-line text.
function M.user_error(f, ...)
    local ok, err = pcall(f, ...)
    if ok then
        error("expected a user error, got none", 2)
    end
    if not errors.is_user(err) then
        error("expected a user error, got " .. show(tostring(err)), 2)
    end
    return errors.format(err), err
end

-- f(...) raises an internal error (a string starting "internal error").
function M.bug(f, ...)
    local ok, err = pcall(f, ...)
    if ok then
        error("expected an internal error, got none", 2)
    end
    if type(err) ~= "string" or not err:find("internal error", 1, true) then
        error("expected an internal error, got " .. show(tostring(err)), 2)
    end
    return err
end

-- A fresh temporary folder (os.tmpname gives a file; a folder beside it).
function M.tmpdir()
    local name = os.tmpname()
    os.remove(name)
    assert(os.execute("mkdir '" .. name .. "'"))
    return name
end

-- The names in folder `dir` (hidden ones too), sorted.
function M.list(dir)
    local p = io.popen("ls -A '" .. dir .. "'")
    local names = {}
    for line in p:lines() do
        names[#names + 1] = line
    end
    p:close()
    table.sort(names)
    return table.concat(names, " ")
end

function M.rmdir(dir)
    os.execute("rm -rf '" .. dir .. "'")
end

-- Write `text` to a new temporary file; returns its path.
function M.write_temp(text, suffix)
    local name = os.tmpname()
    os.remove(name)
    name = name .. (suffix or ".lua")
    local f = assert(io.open(name, "wb"))
    f:write(text)
    f:close()
    return name
end

function M.read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

return M
