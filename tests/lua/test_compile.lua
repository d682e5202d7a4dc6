-- Tests of compile.lua: the pipeline stops after the stage asked for, and
-- its record holds every stage's result; the policy leaves the checked
-- model as it was.
local compile = require("flatprop.compile")
local expect = require("expect")
local eq = expect.eq

local T = {}

local SEED = expect.root .. "/examples/seed/seed.lua"
local HAR = expect.root .. "/bench/conv/nets/c2_har.lua"

function T.stops_after_each_stage()
    local added = { load = "desc", check = "net", plan = "plan", lower = "lowered",
        simplify = "simplified", emit = "files" }
    for i, stage in ipairs(compile.STAGES) do
        local r = compile.compile(SEED, { stop = stage, templates = expect.root .. "/templates" })
        eq(r.stage, stage)
        for j, later in ipairs(compile.STAGES) do
            eq(r[added[later]] ~= nil, j <= i, stage .. " then " .. later)
        end
    end
end

function T.after_is_called_per_stage()
    local seen = {}
    compile.compile(SEED, { stop = "lower", after = function(stage, r)
        seen[#seen + 1] = stage .. ":" .. r.stage
    end })
    eq(table.concat(seen, " "), "load:load check:check plan:plan lower:lower")
end

function T.plan_leaves_the_checked_model()
    local r = compile.compile(HAR, { stop = "plan", flash_budget = 4096 })
    for i, L in ipairs(r.net.layers) do
        eq(L.unroll, nil, "checked layer " .. i)
        eq(r.planned.layers[i].unroll, r.plan.layers[i].unroll, "planned layer " .. i)
    end
    eq(r.net.unroll_text, nil)
    expect.contains(r.planned.unroll_text, "Unrolling: ")
    eq(r.planned.unroll_text, r.plan.unroll_text)
end

function T.emit_is_deterministic()
    local opts = { templates = expect.root .. "/templates" }
    local a, b = compile.compile(HAR, opts).files, compile.compile(HAR, opts).files
    eq(a.c, b.c)
    eq(a.h, b.h)
end

return T
