-- compile: the generator's pipeline, stage by stage, stoppable after any.
-- Takes: the path of a description (Lua, JSON or ONNX) and the options.
-- Gives: one record of every stage's result, or raises the user error of
-- the first stage that fails. Writes nothing and prints nothing: the
-- command line (driver.lua) decides what to do with the record, and
-- output.lua writes files.
--
-- The stages, in order, and what each adds to the record:
--   load     desc, where     the description table and where it was written
--   check    net             the checked model (shapes, names, parameters)
--   plan     plan, planned   the unroll policy's plan (policy.lua) and the
--                            model with the plan written in (net unchanged)
--   lower    lowered         the five API functions as IR, the init plan and
--                            the multiply-adds ({ fns, init, cost })
--   simplify simplified      the same with each body tidied (simplify.lua
--                            tidies in place: lowered's bodies are shared)
--   emit     files           { h = text, c = text }
-- record.stage names the last stage run.
--
-- options: stop (a stage name, default "emit"), loss (of an ONNX model
-- given alone), type, name, flash_budget, placement, vector, max_params,
-- templates and options_text (for emit), and after(stage, record), called
-- after each stage (the command line warns there before a long emit).
local load = require("flatprop.load")
local validate = require("flatprop.validate")
local policy = require("flatprop.policy")
local lower = require("flatprop.lower")
local simplify = require("flatprop.simplify")
local emit = require("flatprop.emit")
local errors = require("flatprop.errors")

local M = {}

M.STAGES = { "load", "check", "plan", "lower", "simplify", "emit" }

local RUN = {
    load = function(r, o)
        r.desc, r.where = load.load(r.source, { loss = o.loss })
    end,
    check = function(r, o)
        r.net = validate.check(r.desc, r.where, { type = o.type or "float", name = o.name })
    end,
    plan = function(r, o)
        r.plan = policy.plan(r.net, { flash_budget = o.flash_budget, placement = o.placement,
            vector = o.vector, max_params = o.max_params })
        r.planned = policy.planned(r.net, r.plan)
    end,
    lower = function(r)
        r.lowered = lower.unsimplified(r.planned)
    end,
    simplify = function(r)
        local fns = {}
        for name, body in pairs(r.lowered.fns) do
            fns[name] = simplify.simplify(body)
        end
        r.simplified = { fns = fns, init = r.lowered.init, cost = r.lowered.cost }
    end,
    emit = function(r, o)
        r.files = emit.emit(r.planned, r.simplified, {
            templates = o.templates,
            options_text = o.options_text or (" with --type " .. (o.type or "float")),
        })
    end,
}

function M.compile(source, options)
    options = options or {}
    local stop = options.stop or "emit"
    if not RUN[stop] then
        errors.bug("compile: no stage '" .. tostring(stop) .. "'")
    end
    local record = { source = source, options = options }
    for _, stage in ipairs(M.STAGES) do
        RUN[stage](record, options)
        record.stage = stage
        if options.after then
            options.after(stage, record)
        end
        if stage == stop then
            break
        end
    end
    return record
end

return M
