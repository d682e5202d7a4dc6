-- mathfn: the elementary functions generated code calls.
-- Takes: the scalar type and a function name (exp, log, tanh, sigmoid) with
-- its argument. Gives: an IR call of the runtime's own flavour
-- (flatprop_exp_f, ...), declared in flatprop.h.
--
-- The runtime's functions, not libm's: they give the same bits on the host
-- and on every microcontroller and cost a fraction of newlib's on a soft-float
-- core (measurements in the README).
local ir = require("flatprop.ir")
local scalar = require("flatprop.scalar")

local M = {}

function M.call(ty, fn, arg)
    return ir.call("flatprop_" .. fn .. "_" .. scalar.of(ty).suffix, { arg })
end

return M
