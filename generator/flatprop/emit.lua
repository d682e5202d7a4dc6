-- emit: render the lowered program as C through the templates.
-- Takes: the network model, the lowered functions and the options. Gives:
-- the text of NAME.h and NAME.c.
--
-- The coder is a table from IR node kind to a small render function; the
-- file skeletons live in templates/ and only have slots filled here.
local C = require("flatprop.C")
local errors = require("flatprop.errors")
local identity = require("flatprop.identity")
local scalar = require("flatprop.scalar")
local shape = require("flatprop.shape")
local version = require("flatprop.version")

local M = {}

-- Precedence of C operators we emit (higher binds tighter).
local PREC = { sel = 1, land = 2, cmp = 3, ["+"] = 4, ["-"] = 4, ["*"] = 5, ["/"] = 5 }

-- A product of reals (not of an index and an integer literal).
local function real_product(e)
    return e.k == "bin" and e.op == "*" and e.a.k ~= "int" and e.b.k ~= "int"
end

-- The renderer of expressions in scalar type st (a descriptor): products go
-- through st.mul, so a type whose multiply is not the C operator says how.
local function coder(st)
    local expr
    local render = {
        num = function(e) return C.real(e.v, st), 6 end,
        var = function(e) return e.name, 6 end,
        idx = function(e)
            local i = type(e.i) == "table" and expr(e.i, 0) or C.int(e.i)
            return e.base .. "[" .. i .. "]", 6
        end,
        int = function(e) return C.int(e.v), 6 end,
        nonnull = function(e) return e.name .. " != NULL", 3 end,
        bin = function(e)
            local p = PREC[e.op]
            -- left-associative: keep the order the lowering chose
            if real_product(e) then
                return st.mul(expr(e.a, p), expr(e.b, p + 1)), p
            end
            return expr(e.a, p) .. " " .. e.op .. " " .. expr(e.b, p + 1), p
        end,
        neg = function(e)
            return "-" .. expr(e.a, 6), 6
        end,
        call = function(e)
            local args = {}
            for i, a in ipairs(e.args) do
                args[i] = expr(a, 0)
            end
            return e.fn .. "(" .. table.concat(args, ", ") .. ")", 6
        end,
        cmp = function(e)
            return expr(e.a, 4) .. " " .. e.op .. " " .. expr(e.b, 4), 3
        end,
        land = function(e)
            return expr(e.a, 3) .. " && " .. expr(e.b, 3), 2
        end,
        sel = function(e)
            return expr(e.c, 2) .. " ? " .. expr(e.a, 2) .. " : " .. expr(e.b, 2), 1
        end,
    }
    expr = function(e, min_prec)
        local f = render[e.k]
        if not f then
            errors.bug("no C rendering for expression kind " .. tostring(e.k))
        end
        local text, prec = f(e)
        if prec < (min_prec or 0) then
            return "(" .. text .. ")"
        end
        return text
    end
    return expr
end

-- The parameters of each generated function, as the templates spell them.
local PARAMS = {
    forward = { "params", "x", "y" },
    loss = { "y", "target" },
    gradient = { "params", "x", "target", "grad" },
    backward = { "params", "x", "dy", "grad", "dx" },
    train_step = { "params", "x", "target", "lr" },
}

-- Statements to lines of C, indented by `depth` levels of 4 spaces.
-- The network's own macro prefix (SEED for seed_real): the helper macros of
-- the generated .c live in the network's namespace, not the runtime's.
local function macro_prefix(real)
    return (real:gsub("_real$", "")):upper()
end

local function render_body(body, real, st, expr, depth, out)
    local pad = string.rep("    ", depth)
    for i, s in ipairs(body) do
        if s.k == "decl" then
            local head = (s.const and "const " or "") .. (s.int and "int" or real) .. " " .. s.name
            out[#out + 1] = pad .. head .. (s.e and (" = " .. expr(s.e)) or "") .. ";"
        elseif s.k == "assign" and s.op == "+=" and real_product(s.e) then
            -- the multiply-accumulate: sum += a * b, as the scalar type writes it
            out[#out + 1] = pad .. st.acc(expr(s.lhs), expr(s.e.a, PREC["*"]),
                expr(s.e.b, PREC["*"] + 1)) .. ";"
        elseif s.k == "assign" then
            out[#out + 1] = pad .. expr(s.lhs) .. " " .. s.op .. " " .. expr(s.e) .. ";"
        elseif s.k == "if" then
            out[#out + 1] = pad .. "if (" .. expr(s.c) .. ") {"
            render_body(s.body, real, st, expr, depth + 1, out)
            out[#out + 1] = pad .. "}"
        elseif s.k == "for" then
            out[#out + 1] = string.format("%sfor (int %s = %d; %s < %d; %s++) {", pad, s.var,
                s.from, s.var, s.to, s.var)
            render_body(s.body, real, st, expr, depth + 1, out)
            out[#out + 1] = pad .. "}"
        elseif s.k == "arr" then
            out[#out + 1] = pad .. (s.int and "int" or real) .. " " .. s.name .. "["
                .. C.int(s.n) .. "];"
        elseif s.k == "comment" then
            if i > 1 then
                out[#out + 1] = ""
            end
            out[#out + 1] = pad .. "/* " .. C.comment_text(s.text) .. " */"
        elseif s.k == "ptr" then
            local off = type(s.off) == "table" and expr(s.off, 0) or C.int(s.off)
            out[#out + 1] = pad .. (s.const and "const " or "") .. real .. " *" .. s.name
                .. " = " .. s.base .. " + " .. off .. ";"
            out[#out + 1] = pad .. macro_prefix(real) .. "_OPAQUE(" .. s.name .. ");"
        elseif s.k == "fence" then
            out[#out + 1] = pad .. macro_prefix(real) .. "_REREAD();"
        elseif s.k == "ret" then
            out[#out + 1] = pad .. "return " .. expr(s.e) .. ";"
        elseif s.k == "vcall" then
            local args = {}
            for j, a in ipairs(s.args) do
                args[j] = expr(a, 0)
            end
            out[#out + 1] = pad .. s.fn .. "(" .. table.concat(args, ", ") .. ");"
        else
            errors.bug("no C rendering for statement kind " .. tostring(s.k))
        end
    end
    return out
end

local function read_template(dir, name)
    local path = dir .. "/" .. name
    local f = io.open(path, "rb")
    if not f then
        errors.bug("template " .. path .. " is missing")
    end
    local text = f:read("*a")
    f:close()
    return text
end

-- The init body: runtime calls, and the description's values as const
-- tables (flash on a microcontroller, copied into params by init).
local function init_code(net, plan, real, st)
    local sfx = st.suffix
    local lines, data = {}, {}
    local uses_rng = false
    local function const_table(name, values)
        local rows = {}
        for i = 1, #values, 6 do
            local chunk = {}
            for j = i, math.min(i + 5, #values) do
                chunk[#chunk + 1] = C.real(values[j], st)
            end
            rows[#rows + 1] = "    " .. table.concat(chunk, ", ")
        end
        data[#data + 1] = string.format("static const %s %s[%d] = {\n%s\n};", real, name,
            #values, table.concat(rows, ",\n"))
    end
    -- The description's values for one tensor: a const table, copied in.
    local function copy_given(L, T)
        local tname = net.name .. "_" .. L.name .. "_" .. T.name
        const_table(tname, T.values)
        lines[#lines + 1] = string.format("/* %s: %s from %s */", L.name, T.name,
            C.comment_text(T.from or net.file))
        lines[#lines + 1] = string.format("flatprop_copy_%s(params + %d, %s, %d);",
            sfx, T.off, tname, #T.values)
    end
    for _, entry in ipairs(plan) do
        local L, T = entry.layer, entry.tensor
        if entry.values then
            copy_given(L, T)
        elseif T.bias then
            lines[#lines + 1] = string.format("/* %s: %s zero */", L.name, T.name)
            lines[#lines + 1] = string.format("flatprop_zero_%s(params + %d, %d);",
                sfx, T.off, T.size)
        else
            uses_rng = true
            lines[#lines + 1] = string.format(
                "/* %s: %s uniform in [-l, l), l = sqrt(6 / %s) (%s) */", L.name, T.name,
                entry.he and T.fan_in or string.format("(%d + %d)", T.fan_in, T.fan_out),
                entry.he and "He, feeds a ReLU" or "Glorot")
            lines[#lines + 1] = string.format("flatprop_rng_seed(&rng, seed, %dU);", L.k)
            lines[#lines + 1] = string.format("flatprop_uniform_%s(&rng, params + %d, %d, %s);",
                sfx, T.off, T.size, C.real(entry.limit, st))
        end
    end
    if uses_rng then
        table.insert(lines, 1, "flatprop_rng_t rng;")
    else
        table.insert(lines, 1, "(void)seed; /* every value comes from the description */")
    end
    return C.indent(table.concat(lines, "\n"), 4), table.concat(data, "\n\n")
end

local function architecture(net)
    local parts = { shape.text(net.in_shape) }
    for _, L in ipairs(net.layers) do
        parts[#parts + 1] = L.rule.arch and L.rule.arch(L) or L.op
    end
    return table.concat(parts, " -> ") .. "; loss " .. net.loss.name
end

local function layout(net, upper)
    local lines = {}
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            local base = upper .. "_" .. L.name:upper() .. "_" .. T.name:upper()
            local dims = shape.text(T.shape):gsub("x", " x ")
            lines[#lines + 1] = string.format("#define %s %d /* %s%s */", base, T.off, dims,
                T.layout and (", " .. T.layout) or "")
        end
    end
    -- The same list as an X-macro, for tools that walk every tensor
    -- (tools/flatprop_export.h writes each as NAME.npy).
    lines[#lines + 1] = ""
    lines[#lines + 1] = "/* Every tensor: X(name, offset, rows, cols); cols 0 for a vector. */"
    lines[#lines + 1] = "#define " .. upper .. "_TENSORS(X) \\"
    local items = {}
    for _, L in ipairs(net.layers) do
        for _, T in ipairs(L.tensors or {}) do
            items[#items + 1] = string.format("    X(%s_%s, %d, %d, %d)", L.name, T.name, T.off,
                T.rows, T.cols)
        end
    end
    lines[#lines + 1] = table.concat(items, " \\\n")
    return table.concat(lines, "\n")
end

-- opts: { templates = dir, command = "the options as given", ... }
function M.emit(net, lowered, opts)
    local st = scalar.of(net.type)
    local real = net.name .. "_real"
    local expr = coder(st)
    local upper = net.name:upper()
    local bodies = {}
    for name, body in pairs(lowered.fns) do
        local lines = render_body(body, real, st, expr, 1, {})
        local text = table.concat(lines, "\n")
        -- a frozen network or a degenerate one may leave a parameter unused
        local unused = {}
        for _, param in ipairs(PARAMS[name]) do
            if not text:find("%f[%w_]" .. param .. "%f[^%w_]") then
                unused[#unused + 1] = "    (void)" .. param .. ";"
            end
        end
        if #unused > 0 then
            text = table.concat(unused, "\n") .. "\n" .. text
        end
        bodies[name] = text
    end
    local init_body, init_data = init_code(net, lowered.init, real, st)
    -- headers that calls in the bodies need, sorted, each once
    local headers, seen = {}, {}
    local ir = require("flatprop.ir")
    local function scan(body)
        for _, s in ipairs(body) do
            for _, e in ipairs({ s.e, s.c }) do
                ir.walk_expr(e, function(n)
                    if n.k == "call" and n.header and not seen[n.header] then
                        seen[n.header] = true
                        headers[#headers + 1] = n.header
                    end
                end)
            end
            if s.body then
                scan(s.body)
            end
        end
    end
    for _, body in pairs(lowered.fns) do
        scan(body)
    end
    table.sort(headers)
    local includes = {}
    for i, h in ipairs(headers) do
        includes[i] = "#include " .. h .. "\n"
    end
    if net.vector then -- --vector mve: the helpers the bodies call
        includes[#includes + 1] = require("flatprop.vector").helpers(net.name, real, lowered.fns)
    end
    local cost = lowered.cost
    local bytes = net.n_params * st.bytes
    local banner_vars = {
        file = "FILE", -- replaced per file below
        version = version.string,
        source = net.file,
        options = opts.options_text,
        architecture = C.comment_text(architecture(net)),
        forward_macs = cost.forward_macs,
        backward_macs = cost.backward_macs,
        n_params = net.n_params,
        param_bytes = bytes,
        real_type = st.c,
        unrolling = C.comment_text(net.unroll_text or "Unrolling: full."),
    }
    local banner_template = read_template(opts.templates, "banner.in")
    local function banner(file)
        banner_vars.file = file
        return C.render(banner_template, banner_vars, "banner.in")
    end
    local common = {
        name = net.name,
        NAME = upper,
        real = real,
        real_type = st.c,
    }
    local h_vars = {
        banner = banner(net.name .. ".h"),
        n_inputs = net.n_in,
        n_outputs = net.n_out,
        n_params = net.n_params,
        real_is_double = (st.c == "double") and 1 or 0, -- NAME_real is C double
        identity = string.format("0x%08Xu", identity.hash(identity.text(net))),
        identity_text = C.comment_text(identity.text(net)),
        blob_size = 20 + net.n_params * st.bytes,
        sfx = st.suffix,
        layout = layout(net, upper),
    }
    local c_vars = {
        banner = banner(net.name .. ".c"),
        major = version.major,
        minor = version.minor,
        version = version.string,
        data = init_data ~= "" and (init_data .. "\n") or "",
        includes = table.concat(includes),
        init_body = init_body,
        forward_body = bodies.forward,
        loss_body = bodies.loss,
        gradient_body = bodies.gradient,
        backward_body = bodies.backward,
        train_step_body = bodies.train_step,
        sfx = st.suffix,
    }
    for k, v in pairs(common) do
        h_vars[k] = v
    end
    c_vars.name, c_vars.real, c_vars.NAME = common.name, common.real, common.NAME
    return {
        h = C.render(read_template(opts.templates, "network.h.in"), h_vars, "network.h.in"),
        c = C.render(read_template(opts.templates, "network.c.in"), c_vars, "network.c.in"),
    }
end

return M
