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

return M
