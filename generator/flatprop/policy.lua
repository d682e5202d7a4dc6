-- policy: how each dense layer is shaped in C (the flash/speed trade-off).
-- Takes: the model from check and the options (flash_budget in bytes, or
-- nil). Gives: L.unroll ("full", "rows" or "loop") on every dense layer, and
-- one line for the generated banner that says what was chosen and why.
--
-- A layer's own `unroll` field always wins. The others start fully unrolled
-- (the fastest code) and, while the estimated flash of train_step is over the
-- budget, the step that saves most is taken: full -> rows -> loop (or full
-- -> loop where "rows" would not save anything). The
-- estimates are bytes of Cortex-M4F code at gcc -Os measured on the
-- benchmark networks (bench/README.md); they guide the choice, they are not
-- a guarantee.
local errors = require("flatprop.errors")

local M = {}

-- Default of --max-params: fully unrolled layers may hold this many
-- parameters in all. What fully unrolled C costs per parameter (measured on
-- the test networks: about 10 lines and 350 bytes of C over the five
-- functions) is in the message.
M.MAX_UNROLLED_PARAMS = 200000
M.LINES_PER_PARAM = 10
M.BYTES_PER_PARAM = 350

-- Without --flash-budget: 64 KiB keeps every layer of up to about a
-- thousand parameters unrolled. On the benchmarks a "rows" layer of 32 or
-- more inputs runs within a few per cent of its unrolled form (bench/) in a
-- fraction of the flash, so a tighter default costs little speed.
M.DEFAULT_BUDGET = 64 * 1024

-- Fitted on N1-N4 (bench/README.md, train_step at -Os): straight-line
-- code costs about 38 bytes a parameter; a loop layer about 30 bytes for
-- each of its inputs and outputs (copies into and out of the loop's arrays,
-- activations, masks) plus a fixed part; "rows" adds its unrolled row body.
local BYTES_PER_PARAM_FULL = 38
local BYTES_PER_VALUE_LOOP = 30
local BYTES_PER_INPUT_ROWS = 48
local BYTES_LOOP_FIXED = 200

function M.estimate(L, kind)
    local n_params = L.n_in * L.n_out + (L.bias and L.n_out or 0)
    if kind == "full" then
        return BYTES_PER_PARAM_FULL * n_params
    end
    local loop = BYTES_PER_VALUE_LOOP * (L.n_in + L.n_out) + BYTES_LOOP_FIXED
    if kind == "rows" then
        return loop + BYTES_PER_INPUT_ROWS * L.n_in
    end
    return loop
end

local LOWER = { full = { "rows", "loop" }, rows = { "loop" }, loop = {} }

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
    -- the step a layer would take: to "rows" when that saves flash, else
    -- to "loop" (for a small layer "rows" can cost more than unrolling)
    local function step(L)
        local now = M.estimate(L, L.unroll)
        for _, kind in ipairs(LOWER[L.unroll]) do
            local saving = now - M.estimate(L, kind)
            if saving > 0 then
                return kind, saving
            end
        end
        return nil, 0
    end
    while total() > budget do
        -- the step that saves most (the first layer on a tie)
        local best, best_kind, best_saving
        for _, L in ipairs(dense) do
            if not L.unroll_asked then
                local kind, saving = step(L)
                if kind and (not best or saving > best_saving) then
                    best, best_kind, best_saving = L, kind, saving
                end
            end
        end
        if not best then
            break
        end
        best.unroll = best_kind
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

-- Refuse, before any code is generated, a network whose fully unrolled
-- layers would make more C than `max_params` parameters' worth, naming the
-- layers to switch. Call after apply().
function M.guard(net, max_params)
    max_params = max_params or M.MAX_UNROLLED_PARAMS
    local total, names, largest = 0, {}, nil
    for _, L in ipairs(net.layers) do
        if L.rule.kind == "dense" and L.unroll == "full" then
            local n = L.n_in * L.n_out + (L.bias and L.n_out or 0)
            total = total + n
            names[#names + 1] = string.format("%s (%d parameters)", L.name, n)
            if not largest or n > largest.n then
                largest = { L = L, n = n }
            end
        end
    end
    if total > max_params then
        errors.user(net.path, largest.L.line, string.format(
            "fully unrolled, %s would take about %d lines and %.1f MB of C (%d parameters, "
            .. "more than --max-params %d); give the largest unroll = \"rows\" or \"loop\", "
            .. "or raise --max-params", table.concat(names, ", "), total * M.LINES_PER_PARAM,
            total * M.BYTES_PER_PARAM / 1e6, total, max_params))
    end
end

return M
