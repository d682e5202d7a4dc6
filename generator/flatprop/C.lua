-- C: literals, names and rendering helpers for the emitted C.
-- Takes: Lua numbers, strings and templates. Gives: C source text.
--
-- Every number that reaches C goes through M.real(): the shortest literal that
-- reads back to exactly the same value in the target type, so the output is
-- the same bytes on every Lua and every run.
local errors = require("flatprop.errors")
local scalar = require("flatprop.scalar")

local M = {}

local huge = math.huge

local function is_finite(v)
    return v == v and v ~= huge and v ~= -huge
end
M.is_finite = is_finite

-- Round a double to the nearest binary32 value (flatprop.scalar).
M.round_float = scalar.round_float

-- The value a literal of type `ty` (a scalar type name or descriptor) would hold.
function M.round(v, ty)
    return scalar.of(ty).round(v)
end

-- True when v is finite and stays finite in type ty.
function M.fits(v, ty)
    return is_finite(v) and is_finite(M.round(v, ty))
end

-- Add `delta` (-1, 0 or 1) to a string of decimal digits; returns the new
-- digits and how many places the decimal point moved (a carry or borrow
-- can change the length).
local function bump(digits, delta)
    if delta == 0 then
        return digits, 0
    end
    local t = {}
    for i = 1, #digits do
        t[i] = digits:byte(i) - 48
    end
    local i = #t
    while i >= 1 do
        local d = t[i] + delta
        if d >= 0 and d <= 9 then
            t[i] = d
            break
        end
        t[i] = (delta > 0) and 0 or 9
        i = i - 1
    end
    local shift = 0
    if i == 0 then
        if delta > 0 then -- 999 + 1 = 1000: one more digit before the point
            table.insert(t, 1, 1)
            table.remove(t)
            shift = 1
        else -- 100 - 1 = 099: cannot happen for a leading nonzero digit
            return nil, 0
        end
    end
    if t[1] == 0 then -- 100 - 1 = 099 -> 99(9): keep the length
        table.remove(t, 1)
        t[#t + 1] = 9
        shift = -1
    end
    for k = 1, #t do
        t[k] = string.char(48 + t[k])
    end
    return table.concat(t), shift
end

-- Write digits d1.d2d3... times 10^exp the way C's %g would, without
-- trailing zeros (our own text, so no printf's rounding is involved).
local function spell(neg, digits, exp)
    digits = digits:gsub("0+$", "")
    if digits == "" then
        digits = "0"
    end
    local p = #digits
    local s
    if exp < -4 or exp >= math.max(p, 1) and exp >= 17 then
        s = digits:sub(1, 1)
        if p > 1 then
            s = s .. "." .. digits:sub(2)
        end
        s = s .. string.format("e%s%02d", exp < 0 and "-" or "+", math.abs(exp))
    elseif exp < 0 then
        s = "0." .. string.rep("0", -exp - 1) .. digits
    elseif exp + 1 >= p then
        s = digits .. string.rep("0", exp + 1 - p)
    else
        s = digits:sub(1, exp + 1) .. "." .. digits:sub(exp + 2)
    end
    return (neg and "-" or "") .. s
end

-- The exact decimal digits of a positive finite double x, and the power of
-- ten of the first digit: x = 0.d1d2d3... * 10^(exp + 1). A double is m * 2^e
-- with an integer m < 2^53, so its expansion is m * 2^e or m * 5^-e / 10^-e:
-- a short big-integer product in base 10^7 limbs, exact on every Lua.
local function exact_digits(x)
    local e = math.floor(math.log(x) / math.log(2)) - 52
    while x / 2 ^ e >= 2 ^ 53 do
        e = e + 1
    end
    while x / 2 ^ e < 2 ^ 52 and e > -1074 do
        e = e - 1
    end
    local m = x / 2 ^ e -- an exact integer below 2^53
    while m % 2 == 0 and e < 0 do
        m, e = m / 2, e + 1
    end
    local limbs = {}
    while m > 0 do
        local r = m % 1e7
        limbs[#limbs + 1] = r
        m = (m - r) / 1e7
    end
    local function mul(k)
        local carry = 0
        for i = 1, #limbs do
            local v = limbs[i] * k + carry
            local r = v % 1e7
            limbs[i] = r
            carry = (v - r) / 1e7
        end
        while carry > 0 do
            local r = carry % 1e7
            limbs[#limbs + 1] = r
            carry = (carry - r) / 1e7
        end
    end
    local scale = 0 -- x = N / 10^scale
    if e >= 0 then
        while e > 0 do
            local k = math.min(e, 20)
            mul(2 ^ k)
            e = e - k
        end
    else
        scale = -e
        local n = -e
        while n > 0 do
            local k = math.min(n, 9)
            mul(5 ^ k)
            n = n - k
        end
    end
    local parts = { string.format("%d", limbs[#limbs]) }
    for i = #limbs - 1, 1, -1 do
        parts[#parts + 1] = string.format("%07d", limbs[i])
    end
    local digits = table.concat(parts)
    return digits, #digits - 1 - scale
end

-- Round a digit string to p digits, ties to even; returns digits, exponent.
local function round_digits(digits, exp, p)
    if #digits <= p then
        return digits .. string.rep("0", p - #digits), exp
    end
    local head, next_digit = digits:sub(1, p), digits:byte(p + 1) - 48
    local up = next_digit > 5
    if next_digit == 5 then
        up = digits:sub(p + 2):find("[1-9]") ~= nil or (head:byte(p) - 48) % 2 == 1
    end
    if up then
        local d, shift = bump(head, 1)
        return d, exp + shift
    end
    return head, exp
end

-- The shortest C literal for v in type ty: "0.5f", "-1.25", "1e-05f", "3.0f".
-- For each digit count p: the value rounded to p digits, or failing that its
-- nearest neighbour at p digits, when it reads back as exactly the same value.
-- Digits come from exact arithmetic, never from printf, so the bytes are the
-- same on every Lua.
function M.real(v, ty)
    if not is_finite(v) then
        errors.bug("non-finite number reached the C emitter")
    end
    local st = scalar.of(ty)
    local target = st.round(v)
    if not is_finite(target) then
        errors.bug("number outside the range of " .. st.name .. " reached the C emitter")
    end
    local text
    if target == 0 then
        text = (1 / target < 0) and "-0.0" or "0.0"
    else
        local neg = target < 0
        local mag = neg and -target or target
        local all, exp0 = exact_digits(mag)
        local function reads_back(d, x)
            local val = tonumber(d:sub(1, 1) .. "." .. d:sub(2) .. "e" .. x)
            return val and st.round(val) == mag, val
        end
        for p = 1, 17 do
            local d, x = round_digits(all, exp0, p)
            if reads_back(d, x) then
                text = spell(neg, d, x)
                break
            end
            -- at a power of two the interval is lopsided: try the neighbours
            local best, best_x, best_dist
            for delta = -1, 1, 2 do
                local c, shift = bump(d, delta)
                if c then
                    local ok, val = reads_back(c, x + shift)
                    if ok and (not best or math.abs(val - mag) < best_dist) then
                        best, best_x, best_dist = c, x + shift, math.abs(val - mag)
                    end
                end
            end
            if best then
                text = spell(neg, best, best_x)
                break
            end
        end
        if not text:find("[%.e]") then
            text = text .. ".0"
        end
    end
    return text .. st.literal_suffix
end

-- An integer as C text (sizes, indices); refuses anything else.
function M.int(v)
    if type(v) ~= "number" or math.floor(v) ~= v or math.abs(v) >= 2 ^ 53 then
        errors.bug("non-integer index: " .. tostring(v))
    end
    return string.format("%d", v)
end

-- Replace every ${name} in `template` with vars[name]. A slot without a
-- value, or a value without a slot, is a bug in the generator.
function M.render(template, vars, what)
    local used = {}
    local out = template:gsub("%${([%w_]+)}", function(name)
        local v = vars[name]
        if v == nil then
            errors.bug((what or "template") .. ": no value for slot ${" .. name .. "}")
        end
        used[name] = true
        return tostring(v)
    end)
    local names = {}
    for name in pairs(vars) do
        names[#names + 1] = name
    end
    table.sort(names)
    for _, name in ipairs(names) do
        if not used[name] then
            errors.bug((what or "template") .. ": value for missing slot ${" .. name .. "}")
        end
    end
    return out
end

-- Indent every non-empty line of text by `n` spaces.
function M.indent(text, n)
    local pad = string.rep(" ", n)
    return (text:gsub("([^\n]+)", pad .. "%1"))
end

-- A C comment body must not close the comment early.
function M.comment_text(s)
    return (s:gsub("%*/", "* /"))
end

M.keywords = {}
for w in ([[auto break case char const continue default do double else enum extern
    float for goto if inline int long register restrict return short signed sizeof
    static struct switch typedef union unsigned void volatile while _Bool _Complex
    _Imaginary _Alignas _Alignof _Atomic _Generic _Noreturn _Static_assert
    _Thread_local asm bool true false NULL]]):gmatch("%S+") do
    M.keywords[w] = true
end

-- Why `s` cannot be a C identifier of ours, or nil when it can.
function M.identifier_problem(s)
    if type(s) ~= "string" then
        return "must be a string"
    elseif not s:match("^[A-Za-z_][A-Za-z0-9_]*$") then
        return "must match [A-Za-z_][A-Za-z0-9_]*"
    elseif #s > 48 then
        return "is longer than 48 characters"
    elseif M.keywords[s] then
        return "is a C keyword"
    elseif s:match("^_[A-Z_]") or s:match("__") then
        return "is reserved in C (leading underscore or '__')"
    end
    return nil
end

return M
