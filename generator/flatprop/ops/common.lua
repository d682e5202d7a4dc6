-- ops/common: lowering helpers that more than one layer kind uses.
-- Takes: a builder and array names. Gives: base pointers with short
-- offsets, column blocks, and loop nests over index ranges.
local ir = require("flatprop.ir")

local M = {}

-- Base pointers ("anchors") into an array, each covering ANCHOR_SPAN
-- scalars, so every access is a short offset from a register (a Cortex-M
-- vldr/vstr reaches 1020 bytes: 127 doubles). Anchors are declared in the
-- builder b (the layer's top level), where every later block can see them.
M.ANCHOR_SPAN = 120

-- An index function for the elements off .. last of base: the returned
-- function maps j (0-based from off) to an IR expression.
function M.anchors(b, prefix, base, const)
    local cur, count = nil, 0
    return function(off, last)
        if not cur or off < cur.off or last - cur.off >= M.ANCHOR_SPAN then
            count = count + 1
            cur = { off = off, p = b:ptr(prefix .. count, base, off, const) }
        end
        local a = cur
        return function(j)
            return a.p(off - a.off + j)
        end
    end
end

-- Anchors over the whole range off .. off + n - 1 of base, declared at
-- once (so that code inside a loop can use them): element j (0-based,
-- constant) of the range.
function M.anchored(b, prefix, base, off, n, const)
    local ptrs = {}
    for first = 0, n - 1, M.ANCHOR_SPAN do
        ptrs[#ptrs + 1] = b:ptr(prefix .. (#ptrs + 1), base, off + first, const)
    end
    return function(j)
        local k = math.floor(j / M.ANCHOR_SPAN)
        return ptrs[k + 1](j - k * M.ANCHOR_SPAN)
    end
end

-- Blocks of at most `size` consecutive indices 1 .. n.
function M.blocks(n, size)
    local out = {}
    for first = 1, n, size do
        out[#out + 1] = { first = first, last = math.min(n, first + size - 1) }
    end
    return out
end

-- Zero n elements of array `name`: unrolled when short, else a loop.
function M.zero(b, name, n)
    if n <= 8 then
        for i = 0, n - 1 do
            b:assign(ir.idx(name, i), "=", ir.num(0))
        end
        return
    end
    local lb = b:loop("i", 0, n)
    lb:assign(ir.idx(name, ir.var("i")), "=", ir.num(0))
end

return M
