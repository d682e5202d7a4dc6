-- json: a strict JSON parser that also says where each value was written.
-- Takes: JSON text. Gives: the value as Lua tables (objects keyed by
-- strings, arrays by 1..n) and a source map of the same shape srcmap.lua
-- builds for Lua descriptions ({ line, fields = { [key] = node } }), or a
-- syntax error with its line.
--
-- Strict RFC 8259: no comments, no trailing commas, no NaN/Infinity, no
-- leading zeros or '+', no control characters in strings, no duplicate keys.
-- null is refused too: a description has no use for it (leave the field
-- out), and a Lua table cannot hold it.
local M = {}

M.max_depth = 200

local ESCAPES = { ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b", f = "\f", n = "\n",
    r = "\r", t = "\t" }

local function utf8_char(cp)
    if cp < 0x80 then
        return string.char(cp)
    elseif cp < 0x800 then
        return string.char(0xC0 + math.floor(cp / 64), 0x80 + cp % 64)
    elseif cp < 0x10000 then
        return string.char(0xE0 + math.floor(cp / 4096), 0x80 + math.floor(cp / 64) % 64,
            0x80 + cp % 64)
    end
    return string.char(0xF0 + math.floor(cp / 262144), 0x80 + math.floor(cp / 4096) % 64,
        0x80 + math.floor(cp / 64) % 64, 0x80 + cp % 64)
end

-- Parse `src`. Returns value, map on success; nil, line, message on a
-- syntax error.
function M.parse(src)
    local pos, line, len = 1, 1, #src
    local SYNTAX = {}

    local function fail(msg, at_line)
        error({ SYNTAX, at_line or line, msg }, 0)
    end

    local function near()
        if pos > len then
            return "the end of the file"
        end
        local c = src:sub(pos, pos)
        local word = src:match("^[%w_%.%+%-]+", pos)
        if word then
            return "'" .. word:sub(1, 20) .. "'"
        end
        if c:byte() < 32 or c:byte() > 126 then
            return string.format("byte 0x%02X", c:byte())
        end
        return "'" .. c .. "'"
    end

    local function skip_ws()
        while pos <= len do
            local c = src:byte(pos)
            if c == 10 then
                line = line + 1
            elseif c ~= 32 and c ~= 9 and c ~= 13 then
                if c == 47 and (src:byte(pos + 1) == 47 or src:byte(pos + 1) == 42) then
                    fail("comments are not allowed in JSON")
                end
                return
            end
            pos = pos + 1
        end
    end

    local function parse_string()
        local start_line = line
        pos = pos + 1 -- the opening quote
        local parts = {}
        while true do
            local s, e = src:find('^[^"\\%c]+', pos)
            if s then
                parts[#parts + 1] = src:sub(s, e)
                pos = e + 1
            end
            local c = src:sub(pos, pos)
            if c == '"' then
                pos = pos + 1
                return table.concat(parts)
            elseif c == "\\" then
                local esc = src:sub(pos + 1, pos + 1)
                if ESCAPES[esc] then
                    parts[#parts + 1] = ESCAPES[esc]
                    pos = pos + 2
                elseif esc == "u" then
                    local hex = src:match("^%x%x%x%x", pos + 2)
                    if not hex then
                        fail("bad \\u escape in a string (expected 4 hex digits)")
                    end
                    local cp = tonumber(hex, 16)
                    pos = pos + 6
                    if cp >= 0xD800 and cp <= 0xDBFF then
                        local lo = src:match("^\\u(%x%x%x%x)", pos)
                        lo = lo and tonumber(lo, 16)
                        if not lo or lo < 0xDC00 or lo > 0xDFFF then
                            fail("unpaired surrogate \\u" .. hex .. " in a string")
                        end
                        cp = 0x10000 + (cp - 0xD800) * 1024 + (lo - 0xDC00)
                        pos = pos + 6
                    elseif cp >= 0xDC00 and cp <= 0xDFFF then
                        fail("unpaired surrogate \\u" .. hex .. " in a string")
                    end
                    parts[#parts + 1] = utf8_char(cp)
                else
                    fail("bad escape '\\" .. esc .. "' in a string")
                end
            elseif c == "" then
                fail("unfinished string (it starts here)", start_line)
            else
                fail("control character " .. string.format("0x%02X", c:byte())
                    .. " in a string (write it as an escape such as \\n)")
            end
        end
    end

    local function parse_number()
        local text = src:match("^%-?%d+%.?%d*[eE]?[%+%-]?%d*", pos)
        local ok = text and (text:match("^%-?0$") or text:match("^%-?[1-9]%d*$")
            or text:match("^%-?0[%.eE]") or text:match("^%-?[1-9]%d*[%.eE]"))
        ok = ok and (text:match("^%-?%d+$") or text:match("^%-?%d+%.%d+$")
            or text:match("^%-?%d+%.%d+[eE][%+%-]?%d+$") or text:match("^%-?%d+[eE][%+%-]?%d+$"))
        if not ok or src:match("^[%w%.]", pos + #text) then
            fail("bad number " .. near())
        end
        pos = pos + #text
        return tonumber(text)
    end

    local parse_value

    local function parse_container(open, depth)
        if depth > M.max_depth then
            fail("nesting deeper than " .. M.max_depth .. " levels")
        end
        local is_object = open == "{"
        local value = {}
        local node = { line = line, fields = {}, kind = is_object and "object" or "array" }
        local close = is_object and "}" or "]"
        pos = pos + 1
        skip_ws()
        if src:sub(pos, pos) == close then
            pos = pos + 1
            return value, node
        end
        local n = 0
        while true do
            local key
            if is_object then
                if src:sub(pos, pos) ~= '"' then
                    fail("expected a field name in double quotes, got " .. near())
                end
                local key_line = line
                key = parse_string()
                if node.fields[key] then
                    fail("duplicate key \"" .. key .. "\" (first on line "
                        .. node.fields[key].line .. ")", key_line)
                end
                skip_ws()
                if src:sub(pos, pos) ~= ":" then
                    fail("expected ':' after \"" .. key .. "\", got " .. near())
                end
                pos = pos + 1
                skip_ws()
            else
                n = n + 1
                key = n
            end
            local v, vnode = parse_value(depth + 1)
            value[key], node.fields[key] = v, vnode
            skip_ws()
            local c = src:sub(pos, pos)
            if c == close then
                pos = pos + 1
                return value, node
            elseif c == "," then
                pos = pos + 1
                skip_ws()
                if src:sub(pos, pos) == close then
                    fail("trailing comma before '" .. close .. "'")
                end
            else
                fail("expected ',' or '" .. close .. "', got " .. near())
            end
        end
    end

    parse_value = function(depth)
        skip_ws()
        local c = src:sub(pos, pos)
        local at = line
        if c == "{" or c == "[" then
            return parse_container(c, depth)
        elseif c == '"' then
            return parse_string(), { line = at, fields = {} }
        elseif c == "-" or c:match("%d") then
            return parse_number(), { line = at, fields = {} }
        elseif src:match("^true%f[^%w_]", pos) then
            pos = pos + 4
            return true, { line = at, fields = {} }
        elseif src:match("^false%f[^%w_]", pos) then
            pos = pos + 5
            return false, { line = at, fields = {} }
        elseif src:match("^null%f[^%w_]", pos) then
            fail("null is not allowed in a description (leave the field out)")
        elseif src:match("^[Nn]a[Nn]", pos) or src:match("^[Ii]nfinity", pos) then
            fail(near() .. " is not a JSON number (a description needs finite numbers)")
        end
        fail("expected a value, got " .. near())
    end

    local ok, value, map = pcall(function()
        if src:sub(1, 3) == "\239\187\191" then
            pos = 4 -- a UTF-8 byte order mark
        end
        local v, node = parse_value(0)
        skip_ws()
        if pos <= len then
            fail("unexpected " .. near() .. " after the end of the JSON value")
        end
        return v, node
    end)
    if ok then
        return value, map
    end
    if type(value) == "table" and value[1] == SYNTAX then
        return nil, value[2], value[3]
    end
    error(value, 0)
end

-- Load a JSON description from `text` read from `path`: the table and the
-- `where` record load.lua gives for Lua descriptions (no helper lines).
function M.load_description(path, text)
    local errors = require("flatprop.errors")
    local value, map, msg = M.parse(text)
    if value == nil then
        errors.user(path, map, msg)
    end
    if map.kind ~= "object" then
        errors.user(path, map.line, "the description must be a JSON object, it is "
            .. (map.kind and "an array" or "a " .. type(value)))
    end
    return value, { file = path, map = map, helper_lines = {} }
end

return M
