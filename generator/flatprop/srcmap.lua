-- srcmap: where each field of a description was written.
-- Takes: the source text of a Lua description. Gives: a tree of line numbers
-- for the table it returns, so errors can say FILE:LINE.
--
-- The description has already been compiled by Lua itself, so this scanner
-- may be lenient: it tokenizes, finds the chunk's final `return { ... }`
-- (and top-level `local NAME = { ... }` tables it refers to by name), and
-- records for every key and array item the line where its value starts.
-- Values that are computed rather than written are simply not in the map;
-- lookups then fall back to the nearest enclosing table that is.
local M = {}

local function lex(src)
    local toks, n = {}, 0
    local i, line, len = 1, 1, #src
    local function push(kind, text)
        n = n + 1
        toks[n] = { kind = kind, text = text, line = line }
    end
    local function count_lines(s)
        local _, c = s:gsub("\n", "")
        line = line + c
    end
    -- a long bracket [[ ]] / [==[ ]==] starting at position p, or nil
    local function long_bracket(p)
        local eq = src:match("^%[(=*)%[", p)
        if not eq then
            return nil
        end
        local close = "]" .. eq .. "]"
        local s, e = src:find(close, p + #eq + 2, true)
        e = e or len
        return src:sub(p, s and e or len), (e or len) + 1
    end
    if src:sub(1, 1) == "#" then -- shebang line
        i = (src:find("\n", 1, true) or len) + 0
    end
    while i <= len do
        local c = src:sub(i, i)
        if c == "\n" then
            line = line + 1
            i = i + 1
        elseif c:match("%s") then
            i = i + 1
        elseif src:sub(i, i + 1) == "--" then
            local body, after = long_bracket(i + 2)
            if body then
                count_lines(body)
                i = after
            else
                i = src:find("\n", i, true) or (len + 1)
            end
        elseif c == "[" and src:match("^%[=*%[", i) then
            local body, after = long_bracket(i)
            push("string", body)
            count_lines(body)
            i = after
        elseif c == '"' or c == "'" then
            local j = i + 1
            local start_line = line
            while j <= len do
                local d = src:sub(j, j)
                if d == "\\" then
                    if src:sub(j + 1, j + 1) == "\n" then
                        line = line + 1
                    elseif src:sub(j + 1, j + 1) == "z" then
                        local ws = src:match("^%s*", j + 2)
                        count_lines(ws)
                        j = j + #ws
                    end
                    j = j + 2
                elseif d == c then
                    break
                elseif d == "\n" then
                    break -- unfinished string: Lua already rejected it
                else
                    j = j + 1
                end
            end
            toks[n + 1] = { kind = "string", text = src:sub(i, j), line = start_line }
            n = n + 1
            i = j + 1
        elseif c:match("[%a_]") then
            local w = src:match("^[%w_]+", i)
            push("name", w)
            i = i + #w
        elseif c:match("%d") or (c == "." and src:sub(i + 1, i + 1):match("%d")) then
            local num = src:match("^0[xX][%x%.]*[pP][-+]?%d+", i) or src:match("^0[xX][%x%.]*", i)
                or src:match("^[%d%.]+[eE][-+]?%d+", i) or src:match("^[%d%.]+", i)
            push("number", num)
            i = i + #num
        else
            local op = src:match("^%.%.%.", i) or src:match("^[=~<>]=", i)
                or src:match("^%.%.", i) or src:match("^::", i) or src:match("^//", i)
                or src:match("^<<", i) or src:match("^>>", i) or c
            push("op", op)
            i = i + #op
        end
    end
    push("eof", "")
    return toks
end

local openers = { ["function"] = true, ["if"] = true, ["do"] = true, ["repeat"] = true }
local closers = { ["end"] = true, ["until"] = true }

-- Parse a table constructor starting at toks[k] == "{"; returns a node
-- { line = L, fields = { [key] = node } } and the index after the "}".
local parse_table

-- Skip one expression; return the index of the "," ";" or "}" that ends it.
local function skip_expr(toks, k)
    local depth = 0
    while true do
        local t = toks[k]
        if t.kind == "eof" then
            return k
        end
        if t.kind == "op" then
            if t.text == "(" or t.text == "{" or t.text == "[" then
                depth = depth + 1
            elseif t.text == ")" or t.text == "}" or t.text == "]" then
                if depth == 0 then
                    return k
                end
                depth = depth - 1
            elseif (t.text == "," or t.text == ";") and depth == 0 then
                return k
            end
        elseif t.kind == "name" then
            if openers[t.text] then
                depth = depth + 1
            elseif closers[t.text] then
                depth = depth - 1
            end
        end
        k = k + 1
    end
end

local function literal_key(t)
    if t.kind == "number" then
        return tonumber(t.text)
    elseif t.kind == "string" and (t.text:sub(1, 1) == '"' or t.text:sub(1, 1) == "'") then
        local body = t.text:sub(2, -2)
        if not body:find("\\", 1, true) then
            return body
        end
    end
    return nil
end

-- Parse a value at toks[k]: returns a node (or nil) and the index after it.
local function parse_value(toks, k, locals)
    local t = toks[k]
    if t.kind == "op" and t.text == "{" then
        return parse_table(toks, k, locals)
    end
    local nxt = toks[k + 1]
    if t.kind == "name" and nxt.kind == "op" then
        -- a helper call: NAME { ... } or NAME({ ... })
        if nxt.text == "{" then
            local node, after = parse_table(toks, k + 1, locals)
            node.line = t.line
            local stop = skip_expr(toks, after)
            if stop == after then
                return node, after
            end
            return { line = t.line, fields = {} }, stop
        elseif nxt.text == "(" and toks[k + 2].kind == "op" and toks[k + 2].text == "{" then
            local node, after = parse_table(toks, k + 2, locals)
            node.line = t.line
            if toks[after].text == ")" then
                after = after + 1 -- past the call's closing parenthesis
            end
            return node, skip_expr(toks, after)
        end
    end
    local stop = skip_expr(toks, k)
    if t.kind == "name" and stop == k + 1 and locals[t.text] then
        return locals[t.text], stop -- a top-level local table used by name
    end
    return { line = t.line, fields = {} }, stop
end

parse_table = function(toks, k, locals)
    local node = { line = toks[k].line, fields = {} }
    local pos = 0
    k = k + 1
    while true do
        local t = toks[k]
        if t.kind == "eof" then
            return node, k
        elseif t.kind == "op" and t.text == "}" then
            return node, k + 1
        elseif t.kind == "op" and (t.text == "," or t.text == ";") then
            k = k + 1
        elseif t.kind == "op" and t.text == "[" then
            local key = literal_key(toks[k + 1])
            local close = skip_expr(toks, k + 1)
            if toks[close].text ~= "]" or close ~= k + 2 then
                key = nil
            end
            k = close + 1
            if toks[k].text == "=" then
                k = k + 1
            end
            local v
            v, k = parse_value(toks, k, locals)
            if key ~= nil and v then
                node.fields[key] = v
            end
        elseif t.kind == "name" and toks[k + 1].kind == "op" and toks[k + 1].text == "=" then
            local v
            v, k = parse_value(toks, k + 2, locals)
            node.fields[t.text] = v
        else
            pos = pos + 1
            local v, after = parse_value(toks, k, locals)
            node.fields[pos] = v
            -- always move on: a stray closer must not stall the scan
            k = math.max(after, k + 1)
        end
    end
end

-- `src` with every line break as Lua counts them ("\n", "\r", "\r\n" and
-- "\n\r" are one each) written as "\n".
function M.normalize_lines(src)
    return (src:gsub("([\r\n])([\r\n]?)", function(a, b)
        if b ~= "" and b == a then
            return "\n\n"
        end
        return "\n"
    end))
end

-- The line of the first to-be-closed attribute (`<close>`, Lua 5.4) in the
-- code of `src` (not in its strings or comments), or nil.
function M.close_attribute_line(src)
    local ok, toks = pcall(lex, M.normalize_lines(src))
    if not ok then -- not read: refuse when it could be there
        return src:find("close", 1, true) and 1 or nil
    end
    for k = 1, #toks - 2 do
        if toks[k].text == "<" and toks[k + 1].kind == "name" and toks[k + 1].text == "close"
            and (toks[k + 2].text == ">" or toks[k + 2].text == ">=") then
            return toks[k].line
        end
    end
    return nil
end

-- Scan `src`; returns the node tree of the returned table, or nil.
function M.scan(src)
    local ok, toks = pcall(lex, M.normalize_lines(src))
    if not ok then
        return nil
    end
    local locals, result = {}, nil
    local depth, k = 0, 1
    while toks[k].kind ~= "eof" do
        local t = toks[k]
        if t.kind == "name" then
            if depth == 0 and t.text == "local" and toks[k + 1].kind == "name"
                and toks[k + 2].text == "=" and toks[k + 3].text == "{" then
                local node, after = parse_table(toks, k + 3, locals)
                locals[toks[k + 1].text] = node
                k = after
            elseif depth == 0 and t.text == "return" then
                local node, after = parse_value(toks, k + 1, locals)
                local first = toks[k + 1]
                if first.text == "{" or (first.kind == "name" and locals[first.text])
                    or (toks[k + 2] and toks[k + 2].text == "{") then
                    result = node
                end
                k = after
            else
                if openers[t.text] then
                    depth = depth + 1
                elseif closers[t.text] then
                    depth = depth - 1
                end
                k = k + 1
            end
        else
            k = k + 1
        end
    end
    return result
end

-- The line of the value at `path` (a list of keys), or of its nearest
-- recorded ancestor; nil when nothing on the path was recorded.
function M.line(root, path)
    local node, best = root, root and root.line
    for _, key in ipairs(path or {}) do
        if not node then
            break
        end
        node = node.fields[key]
        if node then
            best = node.line
        end
    end
    return best
end

-- True when the exact path was recorded.
function M.has(root, path)
    local node = root
    for _, key in ipairs(path) do
        node = node and node.fields[key]
    end
    return node ~= nil
end

return M
