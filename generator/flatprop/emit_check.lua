-- emit_check: render the self-contained check program NAME_check.c.
-- Takes: the network model, its check points (check_points.choose) and the
-- options. Gives: the text of NAME_check.c (templates/check.c.in).
--
-- Every number goes through C.real, so the points are exact in the scalar
-- type and the output is the same bytes on every Lua.
local C = require("flatprop.C")
local check_points = require("flatprop.check_points")
local scalar = require("flatprop.scalar")
local version = require("flatprop.version")

local M = {}

local SENTINEL = 1234.5

local function read_template(dir, name)
    local path = dir .. "/" .. name
    local f = assert(io.open(path, "rb"), "template " .. path .. " is missing")
    local text = f:read("*a")
    f:close()
    return text
end

local function values(list, ty)
    local rows = {}
    for i = 1, #list, 6 do
        local chunk = {}
        for j = i, math.min(i + 5, #list) do
            chunk[#chunk + 1] = C.real(list[j], ty)
        end
        rows[#rows + 1] = "    " .. table.concat(chunk, ", ")
    end
    return table.concat(rows, ",\n")
end

-- A bit set of 0-based indices as bytes, bit k % 8 of byte k / 8.
local function bits(set, n)
    local bytes = {}
    for b = 0, math.floor((n + 7) / 8) - 1 do
        local v = 0
        for bit = 7, 0, -1 do
            v = v * 2 + (set[b * 8 + bit] and 1 or 0)
        end
        bytes[#bytes + 1] = string.format("0x%02x", v)
    end
    local rows = {}
    for i = 1, #bytes, 12 do
        rows[#rows + 1] = "    " .. table.concat(bytes, ", ", i, math.min(i + 11, #bytes))
    end
    return table.concat(rows, ",\n")
end

local function data(net, points, real, ty)
    local out = {}
    local entries = {}
    local function arr(ctype, name, n, body)
        out[#out + 1] = string.format("static const %s %s[%d] = {\n%s\n};", ctype, name, n,
            body)
    end
    for k, pt in ipairs(points) do
        local p = "point" .. k .. "_"
        out[#out + 1] = string.format(
            "/* point %d: nearest kink input %s from 0; finite differences skipped for "
            .. "%d parameters and %d inputs */", k,
            pt.margin == math.huge and "none" or C.real(pt.margin, scalar.double),
            pt.n_skip_p, pt.n_skip_x)
        arr(real, p .. "params", net.n_params, values(pt.params, ty))
        arr(real, p .. "x", net.n_in, values(pt.x, ty))
        arr(real, p .. "target", net.n_out, values(pt.target, ty))
        arr(real, p .. "dy", net.n_out, values(pt.dy, ty))
        arr(real, p .. "y", net.n_out, values(pt.y, ty))
        arr(real, p .. "grad", net.n_params, values(pt.grad, ty))
        arr(real, p .. "bgrad", net.n_params, values(pt.bgrad, ty))
        arr(real, p .. "dx", net.n_in, values(pt.dx, ty))
        arr("unsigned char", p .. "skip_p", math.floor((net.n_params + 7) / 8),
            bits(pt.skip_p, net.n_params))
        arr("unsigned char", p .. "skip_x", math.floor((net.n_in + 7) / 8),
            bits(pt.skip_x, net.n_in))
        out[#out + 1] = ""
        entries[#entries + 1] = string.format(
            "    { %sparams, %sx, %starget, %sdy, %sy, %sgrad, %sbgrad, %sdx, %s, "
            .. "%sskip_p, %sskip_x }", p, p, p, p, p, p, p, p, C.real(pt.loss, scalar.double), p, p)
    end
    out[#out + 1] = "static const check_point_t check_points[N_POINTS] = {\n"
        .. table.concat(entries, ",\n") .. "\n};"
    return table.concat(out, "\n")
end

-- One row per layer with parameters: its weights as a matrix of rows x cols
-- (conv: [out][in/groups * k]) at w_off, and its bias (-1: none).
local function layers(net)
    local rows = {}
    for _, L in ipairs(net.layers) do
        if L.tensors then
            local W = L.tensors[1]
            rows[#rows + 1] = string.format("    { \"%s\", %du, %du, %du, %d, %d },", L.name,
                W.off, W.cols, W.rows, L.b_off or -1, L.trainable and 1 or 0)
        end
    end
    return table.concat(rows, "\n")
end

-- opts: { templates = dir, options_text = " with --type ..." }
function M.emit(net, opts)
    local ty = net.type
    local tol = scalar.of(ty).tolerances
    local points = check_points.choose(net, ty, opts.points)
    local real = net.name .. "_real"
    local vars = {
        file = net.name .. "_check.c",
        version = version.string,
        source = net.file,
        options = opts.options_text or "",
        name = net.name,
        NAME = net.name:upper(),
        real = real,
        real_type = ty,
        n_points = #points,
        margin_text = tol.margin_text,
        ref_rtol = C.real(tol.ref_rtol, scalar.double),
        ref_atol = C.real(tol.ref_atol, scalar.double),
        fd_rtol = C.real(tol.fd_rtol, scalar.double),
        fd_atol = C.real(tol.fd_atol, scalar.double),
        fd_h = C.real(tol.h, ty),
        fd_h_text = tol.h_text,
        sentinel = C.real(SENTINEL, ty),
        layers = layers(net),
        data = data(net, points, "real_t", ty),
    }
    return C.render(read_template(opts.templates, "check.c.in"), vars, "check.c.in")
end

return M
