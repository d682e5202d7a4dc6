-- cost: the one model of what generated code costs in flash, per layer.
-- Takes: a checked layer and the form its code takes ("full", "rows",
-- "loop"). Gives: estimated bytes of train_step's code for the layer on a
-- Cortex-M4F at gcc -Os, from each op's features() and the coefficients
-- below. The unroll policy (policy.lua), the banner and --report all use it.
--
-- The coefficients were fitted on the benchmark networks by least squares
-- (bench/README.md: dense on N1-N4, convolutions by bench/conv/fit.lua on
-- random networks); they guide choices and plan budgets, they are not a
-- bound: other compilers, flags or shapes move them.
local M = {}

M.BYTES = {
    -- dense (fitted on N1-N4 and XOR at -Os)
    dense_param = 33,       -- a fully unrolled parameter
    dense_value = 30,       -- an input or output of a loop-shaped layer
    dense_rows_input = 48,  -- an input of the unrolled row of a "rows" layer
    dense_loop = 200,       -- a loop-shaped layer's fixed part
    -- convolutions and pooling (fitted by bench/conv/fit.lua)
    conv_mac = 12.2,        -- a multiply-add statement of a fully unrolled conv
    conv_tap = 16.9,        -- a multiply-add of the unrolled body of a "rows" conv
    conv_rows = 100,        -- a "rows" conv's loops and pointers, per pass
    conv_loop = 109,        -- a "loop" conv's loop nest, per pass
    pad_copy = 34,          -- a copy into or out of a zero-padded array
    pool_tap = 15.4,        -- a tap of an unrolled pooling window
    pool_loop = 26,         -- a loop over pooling windows
    elem = 28.3,            -- an element of an unrolled activation
    elem_loop = 40,         -- a loop over an activation's elements
    shaped_net = 0,         -- a network with shaped values, once
}

-- Bytes for features { name = count, ... }.
function M.bytes(features)
    local t = 0
    for name, count in pairs(features) do
        local c = M.BYTES[name]
        if not c then
            error("internal error: cost.lua has no coefficient for " .. tostring(name), 0)
        end
        t = t + c * count
    end
    return math.floor(t + 0.5)
end

-- Element-wise layers have no module of their own for this: their
-- features are the same for every op.
function M.elementwise_features(L, form)
    local passes = L.below and 2 or 1
    if form == "loop" then
        return { elem_loop = passes }
    end
    return { elem = passes * L.n_out }
end

-- input_array: the layer reads its input from an array (a loop-shaped
-- layer's output) rather than from locals
function M.layer(L, form, input_array)
    if L.rule.features then
        return M.bytes(L.rule.features(L, form, input_array))
    elseif L.rule.kind == "activation" and L.op ~= "identity" then
        return M.bytes(M.elementwise_features(L, form))
    end
    return 0
end

-- Cycles: the model the policy ranks code shapes by (--placement). Cycles
-- of one train_step per layer on a Cortex-M4F at gcc -Os, from the bench's
-- cycle model (bench/qemu cyclecount: code in flash behind 5 wait states
-- and the ART, or code in zero-wait RAM; data in SRAM). Only dense layers
-- have one so far; other ops keep their shapes' order (fastest first).
--
-- A dense layer executes E = in*out*(1 + live*(trainable + need_input))
-- multiply-adds (live: the share of rows that backward runs, 0.5 behind a
-- ReLU, whose dead rows are skipped, else 1) in R = out*(1 + live) row
-- passes. cycles = mac*E + row*R, and a fully unrolled layer of more than
-- 16 inputs (more than one block of FPv4's 32 registers: the rows'
-- accumulators and gradients are reloaded per block) pays spill*E more.
-- mac and row come from every layer full, rows or loop on N2 and N3
-- (bench/README.md, "Unroll shapes"), spill from the per-layer study (the
-- full - rows difference of the layers of 32 and more inputs). On the
-- benchmark networks the model is within 12 % of the measured train_step
-- and ranks full against rows per layer as the study does (full up to 16
-- inputs, rows from 32); the differences between shapes of one layer are
-- a few per cent, so near the crossing it may pick the slower one.
M.CYCLES = {
    flash = { full_mac = 6.9, full_spill = 1.06, rows_mac = 6.19, rows_row = 23.5,
              loop_mac = 10.28, loop_row = 48.3 },
    ram = { full_mac = 6.51, full_spill = 1.11, rows_mac = 6.16, rows_row = 21.5,
            loop_mac = 10.30, loop_row = 45.7 },
}

M.PLACEMENTS = { "flash", "ram" }

-- What each placement's figures assume, for the banner and --report.
M.PLACEMENT_TEXT = {
    flash = "code in flash, 5 wait states behind an ART-like cache",
    ram = "code in zero-wait RAM",
}

-- Estimated cycles of layer L's train_step code in shape `form` for
-- `placement`, or nil where the op has no cycle model. masked: backward
-- skips the rows of dead ReLU neurons.
function M.cycles(L, form, placement, masked)
    if L.op ~= "dense" then
        return nil
    end
    local c = M.CYCLES[placement]
    local live = masked and 0.5 or 1
    local macs = L.n_in * L.n_out * (1 + live * ((L.trainable and 1 or 0) + (L.below and 1 or 0)))
    local passes = L.n_out * (1 + live)
    local t
    if form == "full" then
        t = macs * (c.full_mac + (L.n_in > 16 and c.full_spill or 0))
    elseif form == "rows" then
        t = macs * c.rows_mac + passes * c.rows_row
    else
        t = macs * c.loop_mac + passes * c.loop_row
    end
    return math.floor(t + 0.5)
end

return M
