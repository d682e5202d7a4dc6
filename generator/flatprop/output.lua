-- output: writing the generated files.
-- Takes: an output folder and a list of files ({ name = in the folder, or
-- path = anywhere, and text }). Gives: every file written, or none
-- changed and a user error that keeps the system's reason.
local errors = require("flatprop.errors")

local M = {}

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
function M.write(dir, files)
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

return M
