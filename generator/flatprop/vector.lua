-- vector: the Helium (MVE) shape of dense layers (--vector mve).
-- Takes: the checked network after the unroll policy, or the lowered
-- bodies. Gives: the "mve" shape on every dense layer that does not ask
-- for its own, the banner's line, and the C of the helpers the bodies call.
--
-- A layer in the "mve" shape is the "loop" shape with each row's work done
-- by three helpers of the generated file: NAME_vdot (the forward dot
-- product), NAME_vaxpy (y += x * s: the input gradient, the weight
-- gradient) and NAME_vaxmy (y -= x * s: the SGD update). Under
-- __ARM_FEATURE_MVE with its floating-point bit they use arm_mve.h, four
-- float lanes per instruction; elsewhere the same operations in scalar C,
-- in the same order, so the file builds everywhere and gives the same bits
-- on every core (with -ffp-contract=off, as everything here). vaxpy and
-- vaxmy round as the scalar shapes do; vdot adds lane by lane (lane l sums
-- inputs l, l+4, ...), then (l0 + l1) + (l2 + l3), then the n % 4 last
-- inputs: another order than the scalar sum, so the results differ from
-- the scalar shapes by rounding, and the tests compare them with
-- tolerances.
local M = {}

M.HELPERS = { "vdot", "vaxpy", "vaxmy" }

function M.apply(net, vector)
    if vector ~= "mve" then
        return
    end
    local parts = {}
    for _, L in ipairs(net.layers) do
        if L.op == "dense" then
            if not L.unroll_asked then
                L.unroll = "mve"
            end
            L.vec_prefix = net.name
        end
        if L.op == "dense" or (L.rule.shapes and #L.rule.shapes > 1) then
            parts[#parts + 1] = L.name .. " " .. L.unroll .. (L.unroll_asked and " (asked)" or "")
        end
    end
    -- the policy's reasons, where layers other than dense have shapes
    local others = false
    for _, L in ipairs(net.layers) do
        others = others or (L.op ~= "dense" and L.rule.shapes ~= nil and #L.rule.shapes > 1)
    end
    local rest = others and net.unroll_text and net.unroll_text:match("^Unrolling: [^;]*; (.*)$")
    net.unroll_text = "Unrolling: " .. table.concat(parts, ", ")
        .. "; --vector mve: dense layers in four-lane Helium (MVE) loops, scalar C where "
        .. "MVE is absent; their dot products add in another order than the scalar shapes, "
        .. "so results differ from them by rounding"
        .. (rest and ("; other layers: " .. rest) or ".")
    net.vector = vector
end

local C_TEXT = {
    vdot = [[
/* sum of w[i] * a[i], i < n: four lanes (lane l adds i = l, l + 4, ...),
   then (l0 + l1) + (l2 + l3), then the last n % 4 terms */
static REAL NAME_vdot(const REAL *w, const REAL *a, int n)
{
    const int m = n - n % 4;
    REAL s = 0.0f;
    if (m > 0) {
#ifdef NAME_MVE
        float32x4_t acc = vmulq_f32(vld1q_f32(w), vld1q_f32(a));
        for (int i = 4; i < m; i += 4) {
            acc = vaddq_f32(acc, vmulq_f32(vld1q_f32(w + i), vld1q_f32(a + i)));
        }
        s = (vgetq_lane_f32(acc, 0) + vgetq_lane_f32(acc, 1))
            + (vgetq_lane_f32(acc, 2) + vgetq_lane_f32(acc, 3));
#else
        REAL s0 = w[0] * a[0], s1 = w[1] * a[1], s2 = w[2] * a[2], s3 = w[3] * a[3];
        for (int i = 4; i < m; i += 4) {
            s0 += w[i] * a[i];
            s1 += w[i + 1] * a[i + 1];
            s2 += w[i + 2] * a[i + 2];
            s3 += w[i + 3] * a[i + 3];
        }
        s = (s0 + s1) + (s2 + s3);
#endif
    }
    for (int i = m; i < n; i++) {
        s += w[i] * a[i];
    }
    return s;
}
]],
    vaxpy = [[
/* y[i] += x[i] * s, i < n */
static void NAME_vaxpy(REAL *y, const REAL *x, REAL s, int n)
{
    const int m = n - n % 4;
#ifdef NAME_MVE
    for (int i = 0; i < m; i += 4) {
        vst1q_f32(y + i, vaddq_f32(vld1q_f32(y + i), vmulq_n_f32(vld1q_f32(x + i), s)));
    }
#else
    for (int i = 0; i < m; i++) {
        y[i] += x[i] * s;
    }
#endif
    for (int i = m; i < n; i++) {
        y[i] += x[i] * s;
    }
}
]],
    vaxmy = [[
/* y[i] -= x[i] * s, i < n */
static void NAME_vaxmy(REAL *y, const REAL *x, REAL s, int n)
{
    const int m = n - n % 4;
#ifdef NAME_MVE
    for (int i = 0; i < m; i += 4) {
        vst1q_f32(y + i, vsubq_f32(vld1q_f32(y + i), vmulq_n_f32(vld1q_f32(x + i), s)));
    }
#else
    for (int i = 0; i < m; i++) {
        y[i] -= x[i] * s;
    }
#endif
    for (int i = m; i < n; i++) {
        y[i] -= x[i] * s;
    }
}
]],
}

-- The helpers' C for the ones the bodies call (name: the network's; real:
-- its scalar type), or "" when none is called.
function M.helpers(name, real, fns)
    local used = {}
    local function scan(body)
        for _, s in ipairs(body) do
            if s.k == "vcall" then
                used[s.fn] = true
            elseif s.k == "decl" and s.e and s.e.k == "call" then
                used[s.e.fn] = true
            end
            if s.body then
                scan(s.body)
            end
        end
    end
    for _, body in pairs(fns) do
        scan(body)
    end
    local out = {}
    for _, h in ipairs(M.HELPERS) do
        if used[name .. "_" .. h] then
            out[#out + 1] = C_TEXT[h]
        end
    end
    if #out == 0 then
        return ""
    end
    local upper = name:upper()
    local head = "\n/* --vector mve: Helium where the compiler has MVE with floating point\n"
        .. "   (e.g. -mcpu=cortex-m55 -mfloat-abi=hard), the same operations in scalar C\n"
        .. "   elsewhere. */\n"
        .. "#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 2)\n"
        .. "#include <arm_mve.h>\n#define " .. upper .. "_MVE 1\n#endif\n\n"
    local text = head .. table.concat(out, "\n")
    text = text:gsub("NAME_MVE", upper .. "_MVE"):gsub("NAME_", name .. "_"):gsub("REAL", real)
    return text
end

return M
