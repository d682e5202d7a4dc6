/* The scalar-generic half of the runtime, included once per scalar type by
 * arrays.c with REAL (float or double) and SFX (f or d) defined.
 * Plain loops: this is the runtime, not generated code. */

#define FP_CAT2(a, b) a##_##b
#define FP_CAT(a, b) FP_CAT2(a, b)
#define FP_FN(name) FP_CAT(name, SFX)

void FP_FN(flatprop_uniform)(flatprop_rng_t *rng, REAL *dst, size_t n, REAL limit)
{
    size_t i;
    if (rng == NULL || dst == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        const REAL u = FP_FN(rng_uniform)(rng);
        dst[i] = (u + u - (REAL)1) * limit;
    }
}

void FP_FN(flatprop_copy)(REAL *dst, const REAL *src, size_t n)
{
    size_t i;
    if (dst == NULL || src == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        dst[i] = src[i];
    }
}

void FP_FN(flatprop_zero)(REAL *dst, size_t n)
{
    size_t i;
    if (dst == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        dst[i] = (REAL)0;
    }
}

void FP_FN(flatprop_scale)(REAL *dst, size_t n, REAL factor)
{
    size_t i;
    if (dst == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        dst[i] *= factor;
    }
}

int FP_FN(flatprop_sgd)(REAL *params, const REAL *grad, size_t n, REAL lr)
{
    size_t i;
    if (params == NULL || grad == NULL || !(lr - lr == (REAL)0)) { /* lr finite */
        return FLATPROP_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        params[i] -= lr * grad[i];
    }
    return FLATPROP_OK;
}

int FP_FN(flatprop_gradcheck)(FP_FN(flatprop_loss_fn) loss, void *ctx, REAL *params,
                              const REAL *grad, size_t n, REAL step, double rtol,
                              double atol, flatprop_gradcheck_t *result)
{
    flatprop_gradcheck_t r;
    size_t i;
    if (loss == NULL || params == NULL || grad == NULL || n == 0 || !(step > 0) ||
        !(rtol >= 0) || !(atol >= 0) || (rtol == 0 && atol == 0)) {
        return FLATPROP_ERR_ARG;
    }
    r.checked = 0;
    r.worst = 0;
    r.numeric = 0;
    r.analytic = 0;
    r.max_error = 0;
    for (i = 0; i < n; i++) {
        const REAL saved = params[i];
        const REAL up = saved + step;
        const REAL down = saved - step;
        double lu, ld, numeric, err;
        params[i] = up;
        lu = (double)loss(ctx, params);
        params[i] = down;
        ld = (double)loss(ctx, params);
        params[i] = saved;
        /* divide by the step actually taken, not the one asked for */
        numeric = (lu - ld) / ((double)up - (double)down);
        err = numeric - (double)grad[i];
        if (err < 0) {
            err = -err;
        }
        err /= atol + rtol * (numeric < 0 ? -numeric : numeric);
        if (!(err <= r.max_error)) { /* also catches NaN */
            r.max_error = err;
            r.worst = i;
            r.numeric = numeric;
            r.analytic = (double)grad[i];
        }
        r.checked++;
    }
    if (result != NULL) {
        *result = r;
    }
    return r.max_error <= 1.0 ? FLATPROP_OK : FLATPROP_ERR_MISMATCH;
}

int FP_FN(flatprop_check_finite)(const REAL *v, size_t n, size_t *first_bad)
{
    size_t i;
    if (v == NULL) {
        return FLATPROP_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        /* x - x is 0 for every finite x, NaN for NaN and infinities */
        if (!(v[i] - v[i] == (REAL)0)) {
            break;
        }
    }
    if (first_bad != NULL) {
        *first_bad = i;
    }
    return i == n ? FLATPROP_OK : FLATPROP_ERR_NONFINITE;
}

int FP_FN(flatprop_clip_norm)(REAL *g, size_t n, REAL max_norm, REAL *norm)
{
    REAL sum = 0, scale = 0, root;
    size_t i;
    if (g == NULL || !(max_norm > 0) || !(max_norm - max_norm == (REAL)0)) {
        return FLATPROP_ERR_ARG;
    }
    if (FP_FN(flatprop_check_finite)(g, n, NULL) != FLATPROP_OK) {
        return FLATPROP_ERR_NONFINITE;
    }
    /* scaled sum of squares: no overflow for large finite values */
    for (i = 0; i < n; i++) {
        const REAL a = g[i] < 0 ? -g[i] : g[i];
        if (a > scale) {
            const REAL r = scale / a;
            sum = (REAL)1 + sum * r * r;
            scale = a;
        } else if (a > 0) {
            const REAL r = a / scale;
            sum += r * r;
        }
    }
    root = FP_FN(real_sqrt)(sum);
    if (norm != NULL) {
        *norm = scale * root; /* infinite when the norm exceeds the type */
    }
    /* ||g|| = scale * root; compare and scale without forming it */
    if (scale > 0 && root > max_norm / scale) {
        const REAL factor = (max_norm / scale) / root;
        for (i = 0; i < n; i++) {
            g[i] *= factor;
        }
    }
    return FLATPROP_OK;
}

#undef FP_FN
#undef FP_CAT
#undef FP_CAT2
