-- report: what a network costs, before compiling it (the --report option).
-- Takes: the checked network (with the unroll policy's shapes) and the
-- lowered program. Gives: the report text: the banner's cost (multiply-adds,
-- parameters, bytes), the shapes the policy chose, the shape of the
-- train_step body, and an ESTIMATE of train_step's flash and stack bytes.
--
-- Flash is the one model the policy and the banner use (cost.lua: Cortex-M4F,
-- arm-none-eabi-gcc 12.2 -Os -ffp-contract=off), so the three never
-- disagree; the Cortex-M0's is the M4F's times the ratio their code sizes
-- had on the dense benchmarks (not fitted on convolutions). Stack is the
-- local arrays of loop-shaped layers (exact: values times the scalar's
-- bytes) plus a linear model of the temporaries and of the unrolled row of
-- each loop-shaped dense layer, fitted to -fstack-usage of bench/mcu and
-- bench/conv. Planning numbers, not bounds: other compilers, flags or
-- shapes move them (bench/README.md says how close they are).
local policy = require("flatprop.policy")
local scalar = require("flatprop.scalar")

local M = {}

M.MODELS = {
    { core = "cortex-m4f", flash_scale = 1, per_temp = 1.75, stack_base = -38,
      per_dense_loop = 275 },
    { core = "cortex-m0", flash_scale = 1.5, per_temp = 1.58, stack_base = 41,
      per_dense_loop = 275 },
}

-- Count what train_step's body does: arithmetic operations, conditions,
-- declared temporaries (decl statements) and assignments.
function M.count(body)
    local c = { ops = 0, conds = 0, decls = 0, assigns = 0, array_values = 0, loops = 0 }
    local function expr(e)
        if type(e) ~= "table" then
            return
        end
        if e.k == "bin" then
            c.ops = c.ops + 1
        end
        for _, key in ipairs({ "a", "b", "c", "e" }) do
            expr(e[key])
        end
        if e.args then
            for _, a in ipairs(e.args) do
                expr(a)
            end
        end
    end
    local function stmts(list)
        for _, s in ipairs(list) do
            if s.k == "decl" then
                c.decls = c.decls + 1
                expr(s.e)
            elseif s.k == "assign" then
                c.assigns = c.assigns + 1
                if s.op ~= "=" then
                    c.ops = c.ops + 1
                end
                expr(s.e)
            elseif s.k == "if" then
                c.conds = c.conds + 1
                expr(s.c)
                stmts(s.body)
            elseif s.k == "for" then
                -- a loop body is code once, whatever its trip count
                c.loops = c.loops + 1
                stmts(s.body)
            elseif s.k == "arr" then
                c.array_values = c.array_values + s.n
            elseif s.k == "ret" then
                expr(s.e)
            end
        end
    end
    stmts(body)
    return c
end

-- Flash and stack bytes of train_step for one core's model.
function M.estimate(model, net, counts)
    local flash = model.flash_scale * policy.total(net)
    local dense_loops = 0
    for _, L in ipairs(net.layers) do
        if L.op == "dense" and L.unroll ~= "full" then
            dense_loops = dense_loops + 1
        end
    end
    local stack = math.max(0, model.per_temp * counts.decls + model.stack_base)
        + scalar.of(net.type).bytes * counts.array_values + model.per_dense_loop * dense_loops
    return math.floor(flash + 0.5), math.floor(stack + 0.5)
end

function M.text(net, lowered)
    local cost = lowered.cost
    local bytes = net.n_params * scalar.of(net.type).bytes
    local counts = M.count(lowered.fns.train_step)
    local lines = {
        "network: " .. net.name .. " (" .. net.file .. ")",
        "multiply-adds: forward " .. cost.forward_macs .. ", backward (train_step) "
            .. cost.backward_macs,
        "parameters: " .. net.n_params .. " (" .. bytes .. " bytes as " .. net.type .. ")",
        (net.unroll_text or "Unrolling: full."):gsub("^Unrolling", "unrolling"),
        "train_step body: " .. counts.ops .. " arithmetic operations, " .. counts.conds
            .. " conditions, " .. counts.decls .. " temporaries, " .. counts.assigns
            .. " assignments",
    }
    if not scalar.of(net.type).estimate then
        lines[#lines + 1] = "estimate: none (the Cortex-M model was fitted to float networks)"
        return table.concat(lines, "\n") .. "\n"
    end
    for _, model in ipairs(M.MODELS) do
        local flash, stack = M.estimate(model, net, counts)
        lines[#lines + 1] = "estimate " .. model.core .. ": train_step flash " .. flash
            .. " bytes, stack " .. stack .. " bytes (gcc -Os, float; a planning number)"
    end
    return table.concat(lines, "\n") .. "\n"
end

return M
