-- util: small helpers shared by the checking rules.
-- Takes: raw values from a description. Gives: verdicts and readable text.
local C = require("flatprop.C")

local M = {}

function M.is_finite(v)
    return type(v) == "number" and C.is_finite(v)
end

function M.is_int(v)
    return M.is_finite(v) and math.floor(v) == v
end

-- A value as a user would write it, for messages.
function M.show(v)
    local t = type(v)
    if t == "string" then
        return (string.format("%q", v):gsub("\\\n", "\\n"))
    elseif t == "number" then
        if v ~= v then
            return "nan"
        elseif v == math.huge then
            return "inf"
        elseif v == -math.huge then
            return "-inf"
        elseif math.floor(v) == v and math.abs(v) < 2 ^ 53 then
            return string.format("%d", v)
        end
        return C.real(v, "double") -- the shortest text that reads back: 0.1, 1e+39
    elseif t == "nil" then
        return "nothing"
    elseif t == "boolean" then
        return tostring(v)
    end
    return "a " .. t
end

-- Open `path` for reading only if it is a regular file: a folder, a FIFO or
-- a device is refused (reading a FIFO would block forever). Returns the file,
-- or nil and the reason. Plain Lua has no stat(): a folder is found by its
-- "/." entry, and a FIFO or device by opening it read-write (which does not
-- block) and failing to seek to its end.
function M.open_regular(path)
    local probe = io.open(path .. "/.", "rb")
    if probe then
        probe:close()
        return nil, "it is a folder, not a file"
    end
    local rw = io.open(path, "r+b")
    if rw then
        local at_end = rw:seek("end")
        rw:close()
        if not at_end then
            return nil, "it is not a regular file (a FIFO or a device?)"
        end
    end
    local f, err = io.open(path, "rb")
    if not f then
        return nil, (tostring(err):gsub("^[^:]*: ", ""))
    end
    if not rw and not f:seek("end") then
        f:close()
        return nil, "it is not a regular file (a FIFO or a device?)"
    end
    f:seek("set")
    return f
end

-- The keys of t, sorted (for messages and lists that must not depend on
-- pairs() order).
function M.sorted_keys(t)
    local keys = {}
    for k in pairs(t) do
        keys[#keys + 1] = k
    end
    table.sort(keys)
    return keys
end

-- The length n of t when its keys are exactly 1..n, else nil.
function M.array_len(t)
    if type(t) ~= "table" then
        return nil
    end
    local n = 0
    for _ in pairs(t) do
        n = n + 1
    end
    for i = 1, n do
        if t[i] == nil then
            return nil
        end
    end
    return n
end

function M.identifier_problem(s)
    return C.identifier_problem(s)
end

function M.boolean_field(t, name, default, c)
    local v = t[name]
    if v == nil then
        return default
    elseif type(v) ~= "boolean" then
        c.fail({ name }, name .. " must be true or false, got " .. M.show(v))
    end
    return v
end

-- -0 as +0: Lua 5.1 folds the constants 0 and -0.0 of one chunk into one,
-- so only a zero without sign gives the same output on every Lua.
function M.plain_zero(v)
    if v == 0 then
        return 0
    end
    return v
end

-- "1 number", "3 numbers"
local function count(n, noun)
    return string.format("%d %s%s", n, noun, n == 1 and "" or "s")
end

local function number_problem(v, ty)
    if type(v) ~= "number" then
        return "must be a number, got " .. M.show(v)
    elseif not C.is_finite(v) then
        return "must be a finite number, got " .. M.show(v)
    elseif not C.fits(v, ty) then
        return "= " .. M.show(v) .. " is outside the range of " .. ty
    end
    return nil
end

-- A list of n finite numbers (in the scalar type). Zeros lose their sign
-- unless `exact` (values read from a file rather than Lua source).
function M.vector(v, n, what, c, exact)
    local len = M.array_len(v)
    if not len then
        c.fail({ what }, string.format("%s must be a list of %s, got %s",
            what, count(n, "number"), M.show(v)))
    end
    if len ~= n then
        c.fail({ what }, string.format("%s has %s, expected %d", what, count(len, "number"), n))
    end
    local copy = {}
    for i = 1, n do
        local problem = number_problem(v[i], c.type)
        if problem then
            c.fail({ what, i }, string.format("%s[%d] %s", what, i, problem))
        end
        copy[i] = exact and v[i] or M.plain_zero(v[i])
    end
    return copy
end

-- A list of `rows` lists of `cols` finite numbers (`exact` as for vector).
function M.matrix(v, rows, cols, what, c, exact)
    local expected = count(rows, "row") .. " of " .. cols
    local len = M.array_len(v)
    if not len then
        c.fail({ what }, string.format("%s must be a list of %s numbers, got %s",
            what, expected, M.show(v)))
    end
    local width, uniform = nil, true
    for r = 1, len do
        local rl = M.array_len(v[r])
        if not rl then
            c.fail({ what, r }, string.format("%s row %d must be a list of %s, got %s",
                what, r, count(cols, "number"), M.show(v[r])))
        end
        width = width or rl
        uniform = uniform and rl == width
    end
    if len ~= rows or (uniform and width ~= cols) then
        if uniform and len > 0 then
            c.fail({ what }, string.format("%s has %s of %d, expected %s",
                what, count(len, "row"), width, expected))
        end
        c.fail({ what }, string.format("%s has %s, expected %s", what, count(len, "row"),
            expected))
    end
    for r = 1, rows do
        if #v[r] ~= cols then
            c.fail({ what, r }, string.format("%s row %d has %s, expected %d",
                what, r, count(#v[r], "number"), cols))
        end
    end
    local copy = {}
    for r = 1, rows do
        copy[r] = {}
        for i = 1, cols do
            local problem = number_problem(v[r][i], c.type)
            if problem then
                c.fail({ what, r, i }, string.format("%s[%d][%d] %s", what, r, i, problem))
            end
            copy[r][i] = exact and v[r][i] or M.plain_zero(v[r][i])
        end
    end
    return copy
end

-- Nested lists of the shape `dims` (e.g. [out][in][k]) of finite numbers in
-- the scalar type, as one flat row-major list. A list of the wrong length
-- anywhere names where and both shapes.
function M.tensor(v, dims, what, c)
    local flat = {}
    local function shape_text(d)
        local parts = {}
        for i = 1, #d do
            parts[i] = M.show(d[i])
        end
        return table.concat(parts, " x ")
    end
    local function walk(x, depth, path, pathtext)
        local n = dims[depth]
        local len = M.array_len(x)
        if not len then
            c.fail(path, string.format("%s%s must be a list of %d, got %s (%s must be nested "
                .. "lists of %s)", what, pathtext, n, M.show(x), what, shape_text(dims)))
        end
        if len ~= n then
            c.fail(path, string.format("%s%s has %d entries, expected %d (%s must be nested "
                .. "lists of %s)", what, pathtext, len, n, what, shape_text(dims)))
        end
        for i = 1, n do
            local sub = {}
            for j, k in ipairs(path) do
                sub[j] = k
            end
            sub[#sub + 1] = i
            local text = pathtext .. "[" .. i .. "]"
            if depth == #dims then
                local problem = number_problem(x[i], c.type)
                if problem then
                    c.fail(sub, string.format("%s%s %s", what, text, problem))
                end
                flat[#flat + 1] = M.plain_zero(x[i])
            else
                walk(x[i], depth + 1, sub, text)
            end
        end
    end
    walk(v, 1, { what }, "")
    return flat
end

-- Nested lists (a matrix or deeper) as one flat row-major list.
function M.flatten(nested)
    local flat = {}
    local function walk(v)
        if type(v) == "table" then
            for _, e in ipairs(v) do
                walk(e)
            end
        else
            flat[#flat + 1] = v
        end
    end
    walk(nested)
    return flat
end

-- A flat row-major list as `rows` lists of `cols` numbers.
function M.rows(flat, rows, cols)
    local m = {}
    for r = 1, rows do
        local row = {}
        for i = 1, cols do
            row[i] = flat[(r - 1) * cols + i]
        end
        m[r] = row
    end
    return m
end

-- Edit distance, for "did you mean": insertions, deletions, substitutions
-- and swaps of two neighbours (rleu -> relu) count one each.
local function distance(a, b)
    local before, prev = nil, {}
    for j = 0, #b do
        prev[j] = j
    end
    for i = 1, #a do
        local cur = { [0] = i }
        for j = 1, #b do
            local cost = (a:sub(i, i) == b:sub(j, j)) and 0 or 1
            cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if before and i > 1 and j > 1 and a:sub(i, i) == b:sub(j - 1, j - 1)
                and a:sub(i - 1, i - 1) == b:sub(j, j) then
                cur[j] = math.min(cur[j], before[j - 2] + 1)
            end
        end
        before, prev = prev, cur
    end
    return prev[#b]
end

-- "; did you mean 'out'?" when a candidate is close to `word`, else "".
function M.suggest(word, candidates)
    if type(word) ~= "string" then
        return ""
    end
    local best, best_d
    for _, cand in ipairs(candidates) do
        local d = distance(word:lower(), cand)
        if d <= math.max(1, math.floor(#cand / 3)) and (not best_d or d < best_d) then
            best, best_d = cand, d
        end
    end
    return best and ("; did you mean '" .. best .. "'?") or ""
end

-- The keys of t that are not in `allowed` (a list), sorted for determinism.
function M.unknown_keys(t, allowed)
    local set = {}
    for _, k in ipairs(allowed) do
        set[k] = true
    end
    local bad = {}
    for k in pairs(t) do
        if not set[k] then
            bad[#bad + 1] = k
        end
    end
    table.sort(bad, function(a, b)
        if type(a) ~= type(b) then
            return type(a) < type(b)
        end
        if type(a) == "string" or type(a) == "number" then
            return a < b
        end
        return false
    end)
    return bad
end

return M
