-- ir: the straight-line scalar program between lowering and C.
-- Takes: calls from the lowering rules. Gives: statement lists of plain tables.
--
-- Expressions: num, var, idx (array[constant]), bin (+ - * /), neg (-a),
-- cmp (> == !=), sel (c ? a : b), land (a && b), call (f(args)), int (an
-- integer literal). Statements: decl (a scalar or, int = true, an index),
-- assign (= += -=), if, comment, ret, fence, ptr; and for loops and arr for
-- the layers whose code shape asks for loops (elsewhere every index is a
-- constant).
local M = {}

function M.num(v)
    return { k = "num", v = v }
end

function M.var(name)
    return { k = "var", name = name }
end

-- array[i]: i is a constant integer or, inside a loop, an integer expression
function M.idx(base, i)
    return { k = "idx", base = base, i = i }
end

-- An integer literal (indices and offsets in loops).
function M.int(v)
    return { k = "int", v = v }
end

function M.ne(a, b)
    return { k = "cmp", op = "!=", a = a, b = b }
end

function M.eq(a, b)
    return { k = "cmp", op = "==", a = a, b = b }
end

local function bin(op)
    return function(a, b)
        return { k = "bin", op = op, a = a, b = b }
    end
end
M.add, M.sub, M.mul, M.div = bin("+"), bin("-"), bin("*"), bin("/")

function M.neg(a)
    return { k = "neg", a = a }
end

-- A call of a C function; `header` names the include it needs, if any
-- (for example "<math.h>"), so the emitter includes it only when used.
function M.call(fn, args, header)
    return { k = "call", fn = fn, args = args, header = header }
end

function M.gt(a, b)
    return { k = "cmp", op = ">", a = a, b = b }
end

function M.sel(c, a, b)
    return { k = "sel", c = c, a = a, b = b }
end

-- a && b, where either may be nil (no condition)
function M.land(a, b)
    if not a then
        return b
    elseif not b then
        return a
    end
    return { k = "land", a = a, b = b }
end

-- An integer expression c + sum coeff * var, for loop indices: terms is a
-- list of { var expression or name, coeff }; zero terms vanish and a
-- coefficient of 1 is not written.
function M.lin(c, terms)
    local e
    for _, t in ipairs(terms) do
        local v, coeff = t[1], t[2]
        if type(v) == "string" then
            v = M.var(v)
        end
        if coeff ~= 0 then
            local term = coeff == 1 and v or M.mul(v, M.int(coeff))
            e = e and M.add(e, term) or term
        end
    end
    if not e then
        return M.int(c)
    elseif c ~= 0 then
        return M.add(e, M.int(c))
    end
    return e
end

-- A builder appends statements to a body; nested builders fill if-bodies.
local Builder = {}
Builder.__index = Builder

function M.builder(body)
    return setmetatable({ body = body or {} }, Builder)
end

function Builder:add(stmt)
    self.body[#self.body + 1] = stmt
    return stmt
end

-- Declare a scalar local; returns the var expression. `e` may be nil.
function Builder:decl(name, e)
    self:add({ k = "decl", name = name, e = e })
    return M.var(name)
end

-- Declare an int local (an index, such as a max pool's winner).
function Builder:idecl(name, e)
    self:add({ k = "decl", name = name, e = e, int = true })
    return M.var(name)
end

function Builder:assign(lhs, op, e)
    return self:add({ k = "assign", lhs = lhs, op = op, e = e })
end

function Builder:comment(text)
    return self:add({ k = "comment", text = text })
end

-- for (int var = from; var < to; var++) { ... }: returns the body's builder.
-- Only layers whose unroll policy asks for loops use this.
function Builder:loop(var, from, to)
    local s = self:add({ k = "for", var = var, from = from, to = to, body = {} })
    return M.builder(s.body)
end

-- `real name[n];` returns an index function. int = true: an int array.
function Builder:array(name, n, int)
    self:add({ k = "arr", name = name, n = n, int = int })
    return function(j)
        return M.idx(name, j)
    end
end

-- A point after which the compiler must read the parameters from memory
-- again instead of keeping copies of forward's loads alive until backward
-- (which costs a spill store and a reload per weight).
function Builder:fence()
    return self:add({ k = "fence" })
end

-- `[const] real *name = base + off;` made opaque to the optimiser, so that
-- name[j] addresses stay small offsets from one register (a Cortex-M vldr
-- reaches 1020 bytes; past that gcc re-materialises every address).
function Builder:ptr(name, base, off, const)
    self:add({ k = "ptr", name = name, base = base, off = off, const = const })
    return function(j)
        return M.idx(name, j)
    end
end

-- fn(args...); a call of one of the generated file's helpers for its
-- effect (the vector shape's row operations).
function Builder:vcall(fn, args)
    return self:add({ k = "vcall", fn = fn, args = args })
end

function Builder:ret(e)
    return self:add({ k = "ret", e = e })
end

-- if (c) { ... }: returns the builder of the body. With c == nil the
-- statements go straight into this body.
function Builder:when(c)
    if not c then
        return self
    end
    local s = self:add({ k = "if", c = c, body = {} })
    return M.builder(s.body)
end

-- Visit every expression under e, calling f(node).
function M.walk_expr(e, f)
    if not e then
        return
    end
    f(e)
    if e.k == "idx" and type(e.i) == "table" then
        M.walk_expr(e.i, f)
    elseif e.k == "bin" or e.k == "cmp" or e.k == "land" then
        M.walk_expr(e.a, f)
        M.walk_expr(e.b, f)
    elseif e.k == "sel" then
        M.walk_expr(e.c, f)
        M.walk_expr(e.a, f)
        M.walk_expr(e.b, f)
    elseif e.k == "neg" then
        M.walk_expr(e.a, f)
    elseif e.k == "call" then
        for _, a in ipairs(e.args) do
            M.walk_expr(a, f)
        end
    end
end

return M
