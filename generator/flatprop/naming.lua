-- naming: every C identifier the generator makes from a description.
-- Takes: layer counts, layer and network names. Gives: the stems of the
-- generated temporaries, and why a name cannot be used (nil when it can).
--
-- Generated temporaries are built from a layer's stem: z<k> for the k-th
-- layer with parameters, h<k>, h<k>b, ..., h<k>z, h<k>z2, ... for the layers
-- after it that have none; elements add _<index> (z1_0, h1b_3) and
-- gradients a leading g. A stem never contains '_', so no stem can be
-- mistaken for an element of another.
local C = require("flatprop.C")

local M = {}

-- The stem of a layer with parameters (k counts them from 1).
function M.param_stem(k)
    return "z" .. k
end

-- The stem of the n-th layer without parameters after parametered layer k
-- (k = 0 before the first).
function M.plain_stem(k, n)
    local stem = "h" .. k
    if n == 1 then
        return stem
    elseif n <= 26 then
        return stem .. string.char(96 + n) -- h1b, h1c, ..., h1z
    end
    return stem .. "z" .. (n - 25) -- h1z2, h1z3, ...
end

-- One piece of a temporary's name: a number as a C integer, a stem as is.
local function piece(v)
    if type(v) == "number" then
        return C.int(v)
    end
    return v
end

-- A generated temporary: its role (fw, d, acc, s, ...), the layer it belongs
-- to (k, a count, or the layer's stem), then "_" and each index: temp("d", 1,
-- 3) is d1_3, temp("t", "h1", 0) is th1_0. Roles: a (input array), acc
-- (accumulator), ap/zp/dp/gp (row pointers into a, z, d, g), bw/uw/gw (weight
-- pointers backward/in the update/into grad), fb/ub/gb (bias pointers), d
-- (gradient at the layer's output), g and gin (gradient of its input), r (a
-- row's output gradient), s (lr times a gradient), t, v, i (pooling's
-- scaled gradient, value and winner index).
function M.temp(role, of, ...)
    local parts = { role .. piece(of) }
    for i = 1, select("#", ...) do
        parts[#parts + 1] = piece((select(i, ...)))
    end
    return table.concat(parts, "_")
end

-- The prefix of anchored pointers role<k>_<n> (common.anchors numbers them).
function M.anchor(role, k)
    return M.temp(role, k) .. "_"
end

-- Element i of a stem's values: z1_3, h1b_0.
function M.element(stem, i)
    return stem .. "_" .. piece(i)
end

-- The gradient of the value named `name` (gz1_3 for z1_3).
function M.grad(name)
    return "g" .. name
end

-- The gradient arriving at a pooling layer's output (g<stem>o).
function M.out_grad(stem)
    return "g" .. stem .. "o"
end

-- Names the runtime owns: a network called so would include or guard
-- against the runtime's own header instead of its own.
local RESERVED = { flatprop = true }

-- Why `s` cannot name a network, or nil when it can. The network's name is
-- the prefix of every symbol, its header NAME.h and its include guard
-- NAME_H, so the runtime's names (flatprop.h, flatprop_npy.h, FLATPROP_*)
-- are out of bounds.
function M.network_name_problem(s)
    local problem = C.identifier_problem(s)
    if problem then
        return problem
    end
    local lower = s:lower()
    if RESERVED[lower] or lower:match("^flatprop_") then
        return "is reserved: flatprop's runtime uses the names flatprop and flatprop_*"
    end
    return nil
end

-- Why `s` cannot name a layer, or nil when it can.
function M.layer_name_problem(s)
    return C.identifier_problem(s)
end

-- The key under which two layer names collide in the generated macros
-- (NAME_<LAYER>_WEIGHTS is upper case).
function M.macro_key(s)
    return s:upper()
end

return M
