/* The optimizers for one scalar type, included by optim.c with REAL, SFX
 * and SQRT defined. */

#define OP_CAT2(a, b) a##_##b
#define OP_CAT(a, b) OP_CAT2(a, b)
#define OP_FN(name) OP_CAT(name, SFX)

/* x is a finite number: x - x is NaN for NaN and for an infinity */
#define OP_FINITE(x) ((x) - (x) == (REAL)0)

/* b^t by squaring: no libm, the same bits everywhere */
static REAL OP_FN(ipow)(REAL b, uint32_t t)
{
    REAL r = (REAL)1;
    while (t != 0) {
        if (t & 1u) {
            r *= b;
        }
        b *= b;
        t >>= 1;
    }
    return r;
}

int OP_FN(flatprop_batch_mean)(REAL *grad, size_t n, uint32_t count)
{
    size_t i;
    REAL c;
    if (grad == NULL || count == 0) {
        return FLATPROP_ERR_ARG;
    }
    c = (REAL)count;
    for (i = 0; i < n; i++) {
        grad[i] /= c;
    }
    return FLATPROP_OK;
}

int OP_FN(flatprop_momentum)(REAL *params, const REAL *grad, REAL *velocity, size_t n,
                             REAL lr, REAL momentum)
{
    size_t i;
    if (params == NULL || grad == NULL || velocity == NULL || !(momentum >= (REAL)0) ||
        !(momentum < (REAL)1) || !OP_FINITE(lr)) {
        return FLATPROP_ERR_ARG;
    }
    for (i = 0; i < n; i++) {
        velocity[i] = momentum * velocity[i] + grad[i];
        params[i] -= lr * velocity[i];
    }
    return FLATPROP_OK;
}

int OP_FN(flatprop_adam)(REAL *params, const REAL *grad, REAL *m, REAL *v, size_t n, REAL lr,
                         REAL beta1, REAL beta2, REAL eps, uint32_t t)
{
    size_t i;
    REAL c1, c2;
    if (params == NULL || grad == NULL || m == NULL || v == NULL || t == 0 ||
        !(beta1 >= (REAL)0) || !(beta1 < (REAL)1) || !(beta2 >= (REAL)0) ||
        !(beta2 < (REAL)1) || !(eps > (REAL)0) || !OP_FINITE(eps) || !OP_FINITE(lr)) {
        /* eps <= 0 would divide 0 by 0 for a zero gradient: NaN parameters */
        return FLATPROP_ERR_ARG;
    }
    /* bias corrections 1 - beta^t */
    c1 = (REAL)1 - OP_FN(ipow)(beta1, t);
    c2 = (REAL)1 - OP_FN(ipow)(beta2, t);
    for (i = 0; i < n; i++) {
        const REAL g = grad[i];
        REAL mhat, vhat;
        m[i] = beta1 * m[i] + ((REAL)1 - beta1) * g;
        v[i] = beta2 * v[i] + ((REAL)1 - beta2) * (g * g);
        mhat = m[i] / c1;
        vhat = v[i] / c2;
        params[i] -= lr * mhat / (SQRT(vhat) + eps);
    }
    return FLATPROP_OK;
}

#undef OP_FINITE
#undef OP_FN
#undef OP_CAT
#undef OP_CAT2
