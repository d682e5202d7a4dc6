-- Tests of C.lua: number literals, float rounding, render, identifiers.
local C = require("flatprop.C")
local expect = require("expect")
local eq = expect.eq

local T = {}

function T.real_float_shortest()
    eq(C.real(0.1, "float"), "0.1f")
    eq(C.real(1 / 3, "float"), "0.33333334f")
    eq(C.real(0.5, "float"), "0.5f")
    eq(C.real(1, "float"), "1.0f")
    eq(C.real(-1.25, "float"), "-1.25f")
    eq(C.real(100, "float"), "100.0f")
    eq(C.real(1e-5, "float"), "1e-05f")
    eq(C.real(1e38, "float"), "1e+38f")
    eq(C.real(123456789, "float"), "123456790.0f")
end

function T.real_double_shortest()
    eq(C.real(0.1, "double"), "0.1")
    eq(C.real(1 / 3, "double"), "0.3333333333333333")
    eq(C.real(2 / 3, "double"), "0.6666666666666666")
    eq(C.real(1, "double"), "1.0")
    eq(C.real(16777217, "double"), "16777217.0")
    eq(C.real(123456789, "double"), "123456789.0")
    eq(C.real(1.7976931348623157e308, "double"), "1.7976931348623157e+308")
    eq(C.real(5e-324, "double"), "5e-324")
end

-- Lua 5.1 shares one constant slot between 0 and -0.0 in a function, so
-- make the negative zero at run time.
local function negate(x)
    return -x
end

function T.real_signed_zero()
    local nz = negate(0.0)
    eq(C.real(0, "float"), "0.0f")
    eq(C.real(nz, "float"), "-0.0f")
    eq(C.real(nz, "double"), "-0.0")
end

function T.real_float_rounds_first()
    eq(C.real(16777217, "float"), "16777216.0f")
    eq(C.real(1e-45, "float"), "1e-45f")
    eq(C.real(2 ^ -149, "float"), "1e-45f")
    eq(C.real(2 ^ -126, "float"), "1.1754944e-38f")
    eq(C.real(3.4028234663852886e38, "float"), "3.4028235e+38f")
end

-- every literal reads back to exactly the value it stands for
function T.real_round_trips()
    local values = { 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e-7, 12345.678, 2 ^ -140, 6.02e23, 0.7 }
    for _, v in ipairs(values) do
        local d = C.real(v, "double")
        eq(tonumber(d), v, "double " .. d)
        local f = C.real(v, "float")
        eq(C.round_float(tonumber(f:sub(1, -2))), C.round_float(v), "float " .. f)
        eq(f:sub(-1), "f")
    end
end

function T.real_refuses_non_finite()
    expect.bug(C.real, 0 / 0, "float")
    expect.bug(C.real, math.huge, "double")
    expect.bug(C.real, -math.huge, "float")
    expect.bug(C.real, 1e39, "float")
end

function T.round_float_ties_to_even()
    eq(C.round_float(1 + 2 ^ -24), 1)                -- halfway, 1 is even
    eq(C.round_float(1 + 3 * 2 ^ -24), 1 + 2 ^ -22)  -- halfway, rounds up to even
    eq(C.round_float(-(1 + 2 ^ -24)), -1)
    eq(C.round_float(16777217), 16777216)
    eq(C.round_float(16777219), 16777220)
    eq(C.round_float(2 ^ -150), 0)                   -- half the smallest subnormal
    eq(C.round_float(3 * 2 ^ -150), 2 ^ -148)
    eq(C.round_float(1 + 2 ^ -23), 1 + 2 ^ -23)      -- exact values stay
end

function T.round_float_overflow_and_specials()
    eq(C.round_float(1e39), math.huge)
    eq(C.round_float(-1e39), -math.huge)
    eq(C.round_float(3.4028235677973366e38), math.huge) -- FLT_MAX + half ulp: to even
    eq(C.round_float(3.4028235677973362e38), 3.4028234663852886e38)
    eq(C.round_float(0), 0)
    local nan = C.round_float(0 / 0)
    eq(nan ~= nan, true)
    eq(C.fits(1e38, "float"), true)
    eq(C.fits(1e39, "float"), false)
    eq(C.fits(1e39, "double"), true)
    eq(C.fits(0 / 0, "double"), false)
end

function T.int_literals()
    eq(C.int(0), "0")
    eq(C.int(123456), "123456")
    expect.bug(C.int, 1.5)
    expect.bug(C.int, "3")
end

function T.render_fills_slots()
    eq(C.render("${a} = ${b} * ${a};", { a = "x", b = 2 }), "x = 2 * x;")
    eq(C.render("no slots", {}), "no slots")
end

function T.render_fails_on_missing_slot()
    local err = expect.bug(C.render, "${a} + ${b}", { a = 1 }, "t.in")
    expect.contains(err, "t.in: no value for slot ${b}")
end

function T.render_fails_on_unused_value()
    local err = expect.bug(C.render, "${a}", { a = 1, extra = 2 }, "t.in")
    expect.contains(err, "t.in: value for missing slot ${extra}")
end

function T.indent_and_comment_text()
    eq(C.indent("a\n\nb", 2), "  a\n\n  b")
    eq(C.comment_text("x */ y"), "x * / y")
end

function T.identifier_problem()
    eq(C.identifier_problem("seed"), nil)
    eq(C.identifier_problem("_x1"), nil)
    eq(C.identifier_problem("Net_2"), nil)
    eq(C.identifier_problem(3), "must be a string")
    eq(C.identifier_problem("1net"), "must match [A-Za-z_][A-Za-z0-9_]*")
    eq(C.identifier_problem("my-net"), "must match [A-Za-z_][A-Za-z0-9_]*")
    eq(C.identifier_problem(""), "must match [A-Za-z_][A-Za-z0-9_]*")
    eq(C.identifier_problem("for"), "is a C keyword")
    eq(C.identifier_problem("float"), "is a C keyword")
    eq(C.identifier_problem("_Bool"), "is a C keyword")
    eq(C.identifier_problem("_Net"), "is reserved in C (leading underscore or '__')")
    eq(C.identifier_problem("a__b"), "is reserved in C (leading underscore or '__')")
    eq(C.identifier_problem(string.rep("a", 48)), nil)
    eq(C.identifier_problem(string.rep("a", 49)), "is longer than 48 characters")
end

return T
