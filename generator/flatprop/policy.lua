-- policy: how each layer is shaped in C (the flash/speed trade-off).
-- Takes: the model from check and the options (flash_budget in bytes, or
-- nil; placement "flash" or "ram", default flash; vector "mve" or nil;
-- max_params). Gives: a plan (M.plan), leaving the checked model as it
-- was: the shape of every layer that has shapes (one of its op's:
-- "full", "rows", "loop" or "mve"), the placement, and one line for the
-- generated banner that says what was chosen and why. M.planned gives the
-- model the lowering works from: a copy of the checked one with the plan
-- written in.
--
-- A layer's own `unroll` field always wins. The others start in their
-- fastest shape: the one of fewest estimated cycles for the placement
-- (cost.cycles; at -Os dense layers of up to 16 inputs fully unrolled,
-- "rows" from 17 on), or the op's first where it has no cycle model; and,
-- while the estimated flash of
-- train_step is over the budget, the step that saves most is taken: full ->
-- rows -> loop (or full -> loop where "rows" would not save anything). The
-- estimates (each op's estimate()) are bytes of Cortex-M4F code at gcc -Os
-- measured on the benchmark networks (bench/README.md); they guide the
-- choice, they are not a guarantee.
local cost = require("flatprop.cost")
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

-- The layers whose code shape the policy chooses: those with more than
-- one shape (ops/*.lua: shapes, fastest first).
local function shaped_layers(net)
    local list = {}
    for _, L in ipairs(net.layers) do
        if L.rule.shapes and #L.rule.shapes > 1 then
            list[#list + 1] = L
        end
    end
    return list
end

function M.estimate(L, kind, input_array)
    return cost.layer(L, kind, input_array)
end

-- The form every layer takes with the current shapes: a layer with shapes
-- has its own (L.unroll); the others follow their input (a loop over an
-- array that a loop-shaped layer left, else element by element).
function M.forms(net)
    local forms, inputs, is_array = {}, {}, false
    for i, L in ipairs(net.layers) do
        inputs[i] = is_array
        local form
        if L.rule.shapes then
            form = L.unroll
            is_array = L.rule.output_is_array and L.rule.output_is_array(L) or false
        elseif L.rule.kind == "activation" then
            form = (is_array and #L.in_shape >= 2) and "loop" or "full"
            is_array = form == "loop" and is_array
        else
            form = L.rule.form_of(L, is_array)
            is_array = L.rule.kind == "reshape" and is_array or form == "loop"
        end
        forms[i] = form
    end
    -- inputs[i]: layer i reads its input from an array
    return forms, inputs
end

-- The estimated flash of train_step: every layer with shapes, and the
-- layers over shaped values (a network of dense layers has none).
function M.total(net)
    local forms, inputs = M.forms(net)
    local t = 0
    for i, L in ipairs(net.layers) do
        if L.rule.shapes then
            if #L.rule.shapes > 1 then
                t = t + M.estimate(L, L.unroll, inputs[i])
            end
        elseif #L.in_shape >= 2 then
            t = t + cost.layer(L, forms[i], inputs[i])
        end
    end
    return t
end

-- The shapes after `kind` in L's list: the steps towards smaller code.
local function smaller(L, kind)
    local after, seen = {}, false
    for _, s in ipairs(L.rule.shapes) do
        if seen then
            after[#after + 1] = s
        end
        seen = seen or s == kind
    end
    return after
end

-- Backward skips the rows of L's dead neurons: a ReLU follows it.
local function masked(net, L)
    local after = net.layers[L.index + 1]
    return after ~= nil and after.op == "relu"
end

-- Estimated cycles of L in shape `kind` for the placement (nil: the op
-- has no cycle model).
function M.cycles(net, L, kind, placement)
    return cost.cycles(L, kind, placement, masked(net, L))
end

-- The shape a layer starts in: the one of fewest estimated cycles for the
-- placement (the first on a tie), else the op's first (fastest) shape.
local function fastest(net, L, placement)
    local best, best_c = L.rule.shapes[1], nil
    for _, kind in ipairs(L.rule.shapes) do
        local c = M.cycles(net, L, kind, placement)
        if c == nil then
            return L.rule.shapes[1]
        end
        if not best_c or c < best_c then
            best, best_c = kind, c
        end
    end
    return best
end

-- Estimated cycles of the layers that have a cycle model, whether every
-- shaped layer has one, and whether any has.
function M.total_cycles(net, placement)
    local t, all, any = 0, true, false
    for _, L in ipairs(shaped_layers(net)) do
        local c = M.cycles(net, L, L.unroll, placement)
        t, all, any = t + (c or 0), all and c ~= nil, any or c ~= nil
    end
    return t, all, any
end

M.DEFAULT_PLACEMENT = "flash"

-- Choose on `net` (a private copy: writes L.unroll, net.unroll_text).
local function choose(net, opts)
    local budget = opts.flash_budget or M.DEFAULT_BUDGET
    local placement = opts.placement or M.DEFAULT_PLACEMENT
    local layers = shaped_layers(net)
    for _, L in ipairs(net.layers) do
        if L.rule.shapes then
            L.unroll = L.unroll_asked or (#L.rule.shapes > 1 and fastest(net, L, placement))
                or L.rule.shapes[1]
        end
    end
    net.placement = placement
    local function total()
        return M.total(net)
    end
    local switched = false
    -- the step a layer would take: to the next shape when that saves flash,
    -- else to the one after (for a small layer "rows" can cost more than
    -- unrolling)
    local function step(L)
        local _, inputs = M.forms(net)
        local now = M.estimate(L, L.unroll, inputs[L.index])
        for _, kind in ipairs(smaller(L, L.unroll)) do
            local saving = now - M.estimate(L, kind, inputs[L.index])
            if saving > 0 then
                return kind, saving
            end
        end
        return nil, 0
    end
    while total() > budget do
        -- the step that saves most (the first layer on a tie)
        local best, best_kind, best_saving
        for _, L in ipairs(layers) do
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
    for _, L in ipairs(layers) do
        parts[#parts + 1] = L.name .. " " .. L.unroll .. (L.unroll_asked and " (asked)" or "")
    end
    local why
    local cycles, all, any = M.total_cycles(net, placement)
    local shapes_why
    if any then
        shapes_why = string.format("shapes by estimated cycles for --placement %s (%s): "
            .. "%s%d cycles", placement, cost.PLACEMENT_TEXT[placement],
            all and "" or "dense layers ", cycles)
    else
        shapes_why = string.format("--placement %s (%s), no cycle model for these layers: "
            .. "fastest shapes first", placement, cost.PLACEMENT_TEXT[placement])
    end
    if total() > budget then
        why = string.format("estimated train_step %d bytes, over the flash budget of %d "
            .. "even with loops", total(), budget)
    elseif switched then
        why = string.format("loops where the flash budget of %d bytes needs them; "
            .. "estimated train_step %d bytes", budget, total())
    else
        why = string.format("estimated train_step %d bytes, flash budget %d", total(), budget)
    end
    net.unroll_text = "Unrolling: " .. table.concat(parts, ", ") .. "; " .. shapes_why .. "; "
        .. why .. "."
    return net
end

-- Refuse, before any code is generated, a network whose fully unrolled
-- layers would make more C than `max_params` parameters' worth, naming the
-- layers to switch. Takes a planned model (M.planned).
function M.guard(net, max_params)
    max_params = max_params or M.MAX_UNROLLED_PARAMS
    local total, names, largest, other_units = 0, {}, nil, false
    for _, L in ipairs(net.layers) do
        if L.rule.unrolled_units and L.unroll == "full" then
            local n, what = L.rule.unrolled_units(L)
            total = total + n
            other_units = other_units or what ~= "parameters"
            names[#names + 1] = string.format("%s (%d %s)", L.name, n, what)
            if not largest or n > largest.n then
                largest = { L = L, n = n }
            end
        end
    end
    if total > max_params then
        errors.user(net.path, largest.L.line, string.format(
            "fully unrolled, %s would take about %d lines and %.1f MB of C (%d %s, "
            .. "more than --max-params %d); give the largest unroll = \"rows\" or \"loop\", "
            .. "or raise --max-params", table.concat(names, ", "), total * M.LINES_PER_PARAM,
            total * M.BYTES_PER_PARAM / 1e6, total,
            other_units and "unrolled multiply-adds and parameters" or "parameters", max_params))
    end
    return { names = names, lines = total * M.LINES_PER_PARAM,
             bytes = total * M.BYTES_PER_PARAM }
end

-- A copy of the model and of its layers (their tensors and other values
-- shared), for the policy to write into.
local function copy_model(net)
    local copy = {}
    for k, v in pairs(net) do
        copy[k] = v
    end
    copy.layers = {}
    for i, L in ipairs(net.layers) do
        local c = {}
        for k, v in pairs(L) do
            c[k] = v
        end
        copy.layers[i] = c
    end
    return copy
end

local PLANNED_LAYER = { "unroll", "vec_prefix" }
local PLANNED_NET = { "unroll_text", "placement", "vector" }

-- The plan for the checked model `net`: { layers = { [i] = { unroll,
-- vec_prefix } }, unroll_text, placement, vector, size } (size: what
-- guard() says of the fully unrolled layers). Raises the user error of
-- guard() when they are too large. `net` is not changed.
function M.plan(net, opts)
    local work = copy_model(net)
    choose(work, opts)
    local size = M.guard(work, opts.max_params)
    require("flatprop.vector").apply(work, opts.vector)
    local plan = { layers = {}, size = size }
    for i, L in ipairs(work.layers) do
        local p = {}
        for _, k in ipairs(PLANNED_LAYER) do
            p[k] = L[k]
        end
        plan.layers[i] = p
    end
    for _, k in ipairs(PLANNED_NET) do
        plan[k] = work[k]
    end
    return plan
end

-- The model with `plan` written in: a copy of `net`, which is not changed.
function M.planned(net, plan)
    local copy = copy_model(net)
    for i, L in ipairs(copy.layers) do
        for _, k in ipairs(PLANNED_LAYER) do
            L[k] = plan.layers[i][k]
        end
    end
    for _, k in ipairs(PLANNED_NET) do
        copy[k] = plan[k]
    end
    return copy
end

return M
