-- snippets: every code block of the README is exercised somewhere.
-- Takes: the source root, the build folder and a Lua interpreter path.
-- Gives: "N passed, M failed" and a non-zero exit when a block is not true.
--
-- Each fenced block in README.md must be preceded by one of:
--   <!-- from: PATH -->     the block's lines appear, in order and together,
--                           in PATH (under the source root, or ${BUILD}/...
--                           for a generated file); PATH is a file that the
--                           build or a test uses, so the block is exercised
--   <!-- output: COMMAND --> the block's lines appear, in order and
--                           together, in what COMMAND prints (run from the
--                           source root; ${LUA} and ${BUILD} are replaced)
-- A block with neither fails the test: an unexercised snippet rots.
--
-- Usage: lua snippets.lua SOURCE_ROOT BUILD_DIR LUA
local root, build, lua = arg[1], arg[2], arg[3]
assert(root and build and lua, "usage: snippets.lua SOURCE_ROOT BUILD_DIR LUA")

local function read(path)
    local f = io.open(path, "rb")
    if not f then
        return nil
    end
    local s = f:read("*a")
    f:close()
    return s
end

local function lines(text)
    local t = {}
    for line in (text .. "\n"):gmatch("(.-)\r?\n") do
        t[#t + 1] = (line:gsub("%s+$", ""))
    end
    while #t > 0 and t[#t] == "" do
        t[#t] = nil
    end
    return t
end

-- True when `needle` (a list of lines) occurs contiguously in `hay`.
local function contains(hay, needle)
    for i = 1, #hay - #needle + 1 do
        local ok = true
        for j = 1, #needle do
            if hay[i + j - 1] ~= needle[j] then
                ok = false
                break
            end
        end
        if ok then
            return true
        end
    end
    return #needle == 0
end

local function expand(s)
    return (s:gsub("%${BUILD}", build):gsub("%${LUA}", lua))
end

local readme = lines(read(root .. "/README.md"))
local passed, failed = 0, 0
local i = 1
local marker
while i <= #readme do
    local line = readme[i]
    local m = line:match("^<!%-%- (.-) %-%->$")
    if m then
        marker = m
    elseif line:match("^```") then
        local start = i
        local block = {}
        i = i + 1
        while i <= #readme and not readme[i]:match("^```%s*$") do
            block[#block + 1] = readme[i]
            i = i + 1
        end
        local problem
        if not marker then
            problem = "no <!-- from: --> or <!-- output: --> marker"
        else
            local kind, what = marker:match("^(%a+): (.+)$")
            local text
            if kind == "from" then
                local path = expand(what)
                if not path:match("^/") then
                    path = root .. "/" .. path
                end
                text = read(path)
                if not text then
                    problem = "cannot read " .. path
                end
            elseif kind == "output" then
                local p = io.popen("cd '" .. root .. "' && " .. expand(what) .. " 2>&1")
                text = p:read("*a")
                p:close()
            else
                problem = "unknown marker '" .. marker .. "'"
            end
            if text and not contains(lines(text), block) then
                problem = "the block is not in " .. marker
            end
        end
        if problem then
            failed = failed + 1
            io.write(string.format("FAIL README.md:%d: %s\n", start, problem))
        else
            passed = passed + 1
        end
        marker = nil
    elseif line ~= "" then
        marker = nil
    end
    i = i + 1
end
io.write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
