-- policy: how each dense layer is shaped in C (the flash/speed trade-off).
-- Takes: the model from check and the options (flash_budget in bytes, or
-- nil). Gives: L.unroll ("full", "rows" or "loop") on every dense layer, and
-- one line for the generated banner that says what was chosen and why.
--
-- A layer's own `unroll` field always wins. The others start fully unrolled
-- (the fastest code) and, while the estimated flash of train_step is over the
-- budget, the layer that costs most steps down: full -> rows -> loop. The
-- estimates are bytes of Cortex-M4F code at gcc -Os measured on the
-- benchmark networks (bench/README.md); they guide the choice, they are not
-- a guarantee.
local M = {}

-- Without --flash-budget: a budget that keeps every layer of up to a few
-- thousand parameters unrolled and bounds the C a large network produces.
M.DEFAULT_BUDGET = 256 * 1024

local BYTES_PER_PARAM_FULL = 40 -- straight-line: forward + fused backward
local BYTES_PER_INPUT_ROWS = 40 -- one unrolled row in the loop body
local BYTES_ROWS_FIXED = 96
local BYTES_LOOP = 192

function M.estimate(L, kind)
    local n_params = L.n_in * L.n_out + (L.bias and L.n_out or 0)
    if kind == "full" then
        return BYTES_PER_PARAM_FULL * n_params
    elseif kind == "rows" then
        return BYTES_PER_INPUT_ROWS * (L.n_in + 1) + BYTES_ROWS_FIXED
    end
    return BYTES_LOOP
end

local NEXT = { full = "rows", rows = "loop" }

function M.apply(net, opts)
    local budget = opts.flash_budget or M.DEFAULT_BUDGET
    local dense = {}
    for _, L in ipairs(net.layers) do
        if L.rule.kind == "dense" then
            L.unroll = L.unroll_asked or "full"
            dense[#dense + 1] = L
        end
    end
    local function total()
        local t = 0
        for _, L in ipairs(dense) do
            t = t + M.estimate(L, L.unroll)
        end
        return t
    end
    local switched = false
    while total() > budget do
        -- the costliest layer that may still step down (first one on a tie)
        local worst, worst_cost
        for _, L in ipairs(dense) do
            local c = M.estimate(L, L.unroll)
            if not L.unroll_asked and NEXT[L.unroll] and (not worst or c > worst_cost) then
                worst, worst_cost = L, c
            end
        end
        if not worst then
            break
        end
        worst.unroll = NEXT[worst.unroll]
        switched = true
    end
    local parts = {}
    for _, L in ipairs(dense) do
        parts[#parts + 1] = L.name .. " " .. L.unroll .. (L.unroll_asked and " (asked)" or "")
    end
    local why
    if total() > budget then
        why = string.format("estimated train_step %d bytes, over the flash budget of %d "
            .. "even with loops", total(), budget)
    elseif switched then
        why = string.format("loops where the flash budget of %d bytes needs them; "
            .. "estimated train_step %d bytes", budget, total())
    else
        why = string.format("estimated train_step %d bytes, flash budget %d", total(), budget)
    end
    net.unroll_text = "Unrolling: " .. table.concat(parts, ", ") .. "; " .. why .. "."
    return net
end

return M
