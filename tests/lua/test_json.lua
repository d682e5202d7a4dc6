-- Tests of json.lua: values, the source map, and strictness.
local json = require("flatprop.json")
local expect = require("expect")
local eq = expect.eq

local T = {}

local function bad(src)
    local v, line, msg = json.parse(src)
    eq(v, nil, "expected a syntax error for " .. src)
    return line .. ": " .. msg
end

function T.values_and_map()
    local v, map = json.parse('{\n "a": [1, -2.5e1, true],\n "b": {"c": "x\\u00e9\\n"}\n}')
    eq(v.a[1], 1)
    eq(v.a[2], -25)
    eq(v.a[3], true)
    eq(v.b.c, "x\195\169\n")
    eq(map.line, 1)
    eq(map.fields.a.line, 2)
    eq(map.fields.a.fields[3].line, 2)
    eq(map.fields.b.fields.c.line, 3)
    eq(map.kind, "object")
    eq(map.fields.a.kind, "array")
    local s = json.parse('"\\ud83d\\ude00"')
    eq(s, "\240\159\152\128")
end

function T.strict()
    eq(bad('{"a": 1,}'), "1: trailing comma before '}'")
    eq(bad('[1,\n2,\n]'), "3: trailing comma before ']'")
    eq(bad('{"a": 1,\n "a": 2}'), "2: duplicate key \"a\" (first on line 1)")
    eq(bad('{"a": NaN}'), "1: 'NaN' is not a JSON number (a description needs finite numbers)")
    eq(bad('{"a": Infinity}'),
        "1: 'Infinity' is not a JSON number (a description needs finite numbers)")
    eq(bad('{"a": -Infinity}'), "1: bad number '-Infinity'")
    eq(bad('{"a": 01}'), "1: bad number '01'")
    eq(bad('{"a": +1}'), "1: expected a value, got '+1'")
    eq(bad('{"a": .5}'), "1: expected a value, got '.5'")
    eq(bad('{"a": 1.}'), "1: bad number '1.'")
    eq(bad('{"a": null}'), "1: null is not allowed in a description (leave the field out)")
    eq(bad("{'a': 1}"), "1: expected a field name in double quotes, got '''")
    eq(bad('{"a": 1} // c'), "1: comments are not allowed in JSON")
    eq(bad('{"a":\n "x\ny"}'), "2: control character 0x0A in a string (write it as an escape "
        .. "such as \\n)")
    eq(bad('{"a": "\\x"}'), "1: bad escape '\\x' in a string")
    eq(bad('{"a": "\\ud800"}'), "1: unpaired surrogate \\ud800 in a string")
    eq(bad('{\n"a": "abc'), "2: unfinished string (it starts here)")
    eq(bad('{"a" 1}'), "1: expected ':' after \"a\", got '1'")
    eq(bad('{"a": 1 "b": 2}'), "1: expected ',' or '}', got '\"'")
    eq(bad('{} {}'), "1: unexpected '{' after the end of the JSON value")
    eq(bad(''), "1: expected a value, got the end of the file")
    eq(bad(string.rep("[", 300)), "1: nesting deeper than 200 levels")
end

return T
