-- report: what a network costs, before compiling it (the --report option).
-- Takes: the checked network and the lowered program. Gives: the report text:
-- the banner's cost (multiply-adds, parameters, bytes), the shape of the
-- train_step body, and an ESTIMATE of train_step's flash and stack bytes on
-- a Cortex-M4F and a Cortex-M0.
--
-- The estimate is a linear model of the train_step body's counts,
-- fitted to what arm-none-eabi-gcc 12.2 -O2 -ffp-contract=off actually gave
-- for the networks of bench/mcu (bench/mcu/report.sh prints both side by
-- side; the README says how close they are). It is a planning number, not a
-- bound: other compilers, flags or network shapes move it.
local M = {}

-- Coefficients per core, fitted to bench/mcu with the code as generated
-- since the re-read barrier and base pointers (n1_seed, xor, n2_8_16_16_4
-- fully unrolled; n3_32_64_32_8 with its default "rows" layers on the M4F;
-- the M0 cannot hold n3):
--   flash = op * (arithmetic operations, a loop body counted once) + base
--           + per_array_value * (values in the local arrays of loop layers)
--   stack = max(0, per_temp * temporaries + stack_base)
--           + stack_per_array_value * (values in local arrays)
-- op and base by least squares on the relative error over the three
-- unrolled networks; the array terms from n3 on the M4F (the M0's array
-- terms are the M4F's scaled by the ratio of their `op`: not measured).
M.MODELS = {
    { core = "cortex-m4f", op = 8.06, base = 45, per_array_value = 27.0,
      per_temp = 1.75, stack_base = -38, stack_per_array_value = 5.6 },
    { core = "cortex-m0", op = 10.56, base = 65, per_array_value = 35.4,
      per_temp = 1.58, stack_base = 41, stack_per_array_value = 5.6 },
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

function M.estimate(model, counts)
    local flash = model.base + model.op * counts.ops
        + model.per_array_value * counts.array_values
    local stack = math.max(0, model.per_temp * counts.decls + model.stack_base)
        + model.stack_per_array_value * counts.array_values
    return math.floor(flash + 0.5), math.floor(stack + 0.5)
end

function M.text(net, lowered)
    local cost = lowered.cost
    local bytes = net.n_params * ((net.type == "double") and 8 or 4)
    local counts = M.count(lowered.fns.train_step)
    local lines = {
        "network: " .. net.name .. " (" .. net.file .. ")",
        "multiply-adds: forward " .. cost.forward_macs .. ", backward (train_step) "
            .. cost.backward_macs,
        "parameters: " .. net.n_params .. " (" .. bytes .. " bytes as " .. net.type .. ")",
        "train_step body: " .. counts.ops .. " arithmetic operations, " .. counts.conds
            .. " conditions, " .. counts.decls .. " temporaries, " .. counts.assigns
            .. " assignments",
    }
    if net.type ~= "float" then
        lines[#lines + 1] = "estimate: none (the Cortex-M model was fitted to float networks)"
        return table.concat(lines, "\n") .. "\n"
    end
    for _, model in ipairs(M.MODELS) do
        local flash, stack = M.estimate(model, counts)
        lines[#lines + 1] = "estimate " .. model.core .. ": train_step flash " .. flash
            .. " bytes, stack " .. stack .. " bytes (gcc -O2, float; a planning number)"
    end
    return table.concat(lines, "\n") .. "\n"
end

return M
