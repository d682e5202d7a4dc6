/*
 * Every test network's generated code against the independent reference
 * (reference.c, double) and against central finite differences:
 * forward, loss, gradient (which ADDS into grad), backward (ADDS into grad,
 * SETS dx, tolerates dx == NULL), and train_step (one in-place SGD step equal
 * to gradient followed by SGD). Canary values around every output buffer
 * catch writes out of bounds.
 *
 * Tolerances: double networks agree with the reference to 1e-11 relative to
 * the largest value of the quantity; float networks to 2e-4 (a few hundred
 * float roundings through at most five layers of 32).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test_nets.h"

#define CANARY 1234.5
#define PAD 4

static uint32_t rng_state;
static int point_count; /* alternates soft and one-hot targets */

static double uniform(double lo, double hi)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return lo + (hi - lo) * (double)(rng_state >> 8) / 16777216.0;
}

/* The value the network's scalar type holds for v. */
static double as_type(const tn_net_t *net, double v)
{
    return net->is_double ? v : (double)(float)v;
}

static double max_abs(const double *v, int n)
{
    double m = 0;
    int i;
    for (i = 0; i < n; i++) {
        if (fabs(v[i]) > m) {
            m = fabs(v[i]);
        }
    }
    return m;
}

static void expect_close(const tn_net_t *net, const char *what, const double *got,
                         const double *want, int n)
{
    const double rtol = net->is_double ? 1e-11 : 2e-4;
    const double scale = max_abs(want, n) + 1e-30;
    int i;
    for (i = 0; i < n; i++) {
        double err = fabs(got[i] - want[i]);
        if (!(err <= rtol * (fabs(want[i]) + scale))) {
            fail_msg("%s: %s[%d] = %.17g, reference %.17g (error %.3g, scale %.3g)", net->name,
                     what, i, got[i], want[i], err, scale);
        }
    }
}

static void fill_canary(double *buf, int n)
{
    int i;
    for (i = 0; i < n + 2 * PAD; i++) {
        buf[i] = CANARY;
    }
}

static void expect_canary(const tn_net_t *net, const char *what, const double *buf, int n)
{
    int i;
    for (i = 0; i < PAD; i++) {
        if (buf[i] != CANARY || buf[PAD + n + i] != CANARY) {
            fail_msg("%s: %s written out of bounds", net->name, what);
        }
    }
}

/* frozen[i] = 1 when parameter i belongs to a layer with trainable = false */
static void frozen_mask(const tn_net_t *net, unsigned char *frozen)
{
    int l, k, n = net->n_in, off = 0;
    for (l = 0; l < net->n_layers; l++) {
        const tn_layer_t *L = &net->layers[l];
        if (L->kind == TN_DENSE) {
            const int count = L->out * n + (L->bias ? L->out : 0);
            for (k = 0; k < count; k++) {
                frozen[off + k] = (unsigned char)L->frozen;
            }
            off += count;
            n = L->out;
        }
    }
}

/* A point away from every ReLU kink, so float and double agree on masks. */
static void pick_point(const tn_net_t *net, const double *p, double *x, double *t, double *dy)
{
    int tries, i, n_out = tn_n_outputs(net);
    double y[TN_MAX_WIDTH], margin;
    for (tries = 0; tries < 1000; tries++) {
        for (i = 0; i < net->n_in; i++) {
            x[i] = as_type(net, uniform(-1, 1));
        }
        tn_ref_forward(net, p, x, y, &margin);
        if (margin > 1e-3) {
            break;
        }
    }
    for (i = 0; i < n_out; i++) {
        t[i] = as_type(net, uniform(-1, 1));
        dy[i] = as_type(net, uniform(-1, 1));
    }
    if (net->loss == TN_SOFTMAX_CROSS_ENTROPY) {
        /* probabilities: soft targets summing to 1, sometimes one-hot */
        double sum = 0;
        const int hot = (int)uniform(0, n_out);
        for (i = 0; i < n_out; i++) {
            t[i] = (point_count % 2) ? (i == hot) : uniform(0, 1);
            sum += t[i];
        }
        for (i = 0; i < n_out; i++) {
            t[i] = as_type(net, t[i] / sum);
        }
    }
    point_count++;
}

static void check_network(const tn_net_t *net)
{
    static double p[TN_MAX_PARAMS], p2[TN_MAX_PARAMS], base[TN_MAX_PARAMS];
    static double g[TN_MAX_PARAMS + 2 * PAD], want[TN_MAX_PARAMS], sgd[TN_MAX_PARAMS];
    static unsigned char frozen[TN_MAX_PARAMS];
    double x[TN_MAX_WIDTH], t[TN_MAX_WIDTH], dy[TN_MAX_WIDTH];
    double y[TN_MAX_WIDTH + 2 * PAD], yref[TN_MAX_WIDTH], dx[TN_MAX_WIDTH + 2 * PAD];
    double dxref[TN_MAX_WIDTH];
    const int n = tn_n_params(net), n_out = tn_n_outputs(net), n_in = net->n_in;
    const double lr = 0.01;
    int point, i;

    assert_true(n <= TN_MAX_PARAMS);
    rng_state = 0x9E3779B9u;

    /* init: deterministic and in the network's type */
    net->f.init(p, 7);
    net->f.init(p2, 7);
    assert_memory_equal(p, p2, sizeof(double) * (size_t)n);
    for (i = 0; i < n; i++) {
        assert_true(isfinite(p[i]));
    }

    for (point = 0; point < 3; point++) {
        double L, Lref;
        pick_point(net, p, x, t, dy);

        /* forward and loss */
        fill_canary(y, n_out);
        net->f.forward(p, x, y + PAD);
        expect_canary(net, "y", y, n_out);
        tn_ref_forward(net, p, x, yref, NULL);
        expect_close(net, "y", y + PAD, yref, n_out);
        L = net->f.loss(y + PAD, t);
        Lref = tn_ref_loss(net, yref, t);
        expect_close(net, "loss", &L, &Lref, 1);

        /* gradient ADDS into grad: start from random values */
        fill_canary(g, n);
        for (i = 0; i < n; i++) {
            base[i] = as_type(net, uniform(-1, 1));
            g[PAD + i] = base[i];
            want[i] = 0;
        }
        L = net->f.gradient(p, x, t, g + PAD);
        expect_canary(net, "grad", g, n);
        Lref = tn_ref_gradient(net, p, x, t, want);
        expect_close(net, "gradient's loss", &L, &Lref, 1);
        for (i = 0; i < n; i++) {
            g[PAD + i] -= base[i];
        }
        expect_close(net, "gradient", g + PAD, want, n);

        /* train_step equals gradient followed by SGD */
        for (i = 0; i < n; i++) {
            p2[i] = p[i];
            sgd[i] = p[i] - lr * want[i];
        }
        L = net->f.train_step(p2, x, t, lr);
        expect_close(net, "train_step's loss", &L, &Lref, 1);
        frozen_mask(net, frozen);
        for (i = 0; i < n; i++) {
            if (frozen[i] && (p2[i] != p[i] || g[PAD + i] != 0)) {
                fail_msg("%s: frozen parameter %d changed by train_step or gradient", net->name,
                         i);
            }
        }
        for (i = 0; i < n; i++) {
            /* compare the change, which is what the step computes */
            p2[i] -= p[i];
            sgd[i] -= p[i];
        }
        expect_close(net, "train_step's update", p2, sgd, n);

        /* backward ADDS into grad and SETS dx */
        fill_canary(g, n);
        fill_canary(dx, n_in);
        for (i = 0; i < n; i++) {
            g[PAD + i] = 0;
            want[i] = 0;
        }
        for (i = 0; i < n_in; i++) {
            dx[PAD + i] = 1e30; /* must be overwritten, not added to */
        }
        net->f.backward(p, x, dy, g + PAD, dx + PAD);
        expect_canary(net, "backward grad", g, n);
        expect_canary(net, "dx", dx, n_in);
        tn_ref_backward(net, p, x, dy, want, dxref);
        expect_close(net, "backward grad", g + PAD, want, n);
        expect_close(net, "dx", dx + PAD, dxref, n_in);

        /* backward with dx == NULL gives the same grad */
        for (i = 0; i < n; i++) {
            p2[i] = 0;
        }
        net->f.backward(p, x, dy, p2, NULL);
        expect_close(net, "backward grad (dx NULL)", p2, want, n);
    }
}

/* Central finite differences of the generated forward pass and loss,
 * quotients in double, against the generated gradient. A parameter whose
 * nudge flips a ReLU (a kink) is skipped; at most a quarter may be. */
static void check_finite_differences(const tn_net_t *net)
{
    static double p[TN_MAX_PARAMS], g[TN_MAX_PARAMS];
    static unsigned char frozen[TN_MAX_PARAMS];
    double x[TN_MAX_WIDTH], t[TN_MAX_WIDTH], dy[TN_MAX_WIDTH], y[TN_MAX_WIDTH];
    const int n = tn_n_params(net);
    const double h = net->is_double ? 1e-6 : 1e-2;
    const double rtol = net->is_double ? 1e-6 : 2e-2;
    int i, skipped = 0;
    unsigned long mask;
    double scale;

    rng_state = 0x12345678u;
    net->f.init(p, 11);
    pick_point(net, p, x, t, dy);
    for (i = 0; i < n; i++) {
        g[i] = 0;
    }
    net->f.gradient(p, x, t, g);
    scale = max_abs(g, n) + 1e-12;
    mask = tn_ref_mask(net, p, x);
    frozen_mask(net, frozen);
    for (i = 0; i < n; i++) {
        const double saved = p[i];
        if (frozen[i]) {
            continue; /* no gradient by design; checked exactly zero above */
        }
        const double up = as_type(net, saved + h), down = as_type(net, saved - h);
        double lu, ld, numeric;
        p[i] = up;
        if (tn_ref_mask(net, p, x) != mask) {
            skipped++;
            p[i] = saved;
            continue;
        }
        net->f.forward(p, x, y);
        lu = net->f.loss(y, t);
        p[i] = down;
        if (tn_ref_mask(net, p, x) != mask) {
            skipped++;
            p[i] = saved;
            continue;
        }
        net->f.forward(p, x, y);
        ld = net->f.loss(y, t);
        p[i] = saved;
        numeric = (lu - ld) / (up - down);
        if (!(fabs(numeric - g[i]) <= rtol * (fabs(g[i]) + scale))) {
            fail_msg("%s: parameter %d: finite difference %.10g, gradient %.10g", net->name, i,
                     numeric, g[i]);
        }
    }
    if (skipped * 4 > n) {
        fail_msg("%s: %d of %d parameters sat on a ReLU kink", net->name, skipped, n);
    }
}

static void test_reference(void **state)
{
    check_network((const tn_net_t *)*state);
}

static void test_finite_differences(void **state)
{
    check_finite_differences((const tn_net_t *)*state);
}

int main(void)
{
    static struct CMUnitTest tests[2 * TN_COUNT];
    static char names[2 * TN_COUNT][64];
    size_t i;
    for (i = 0; i < TN_COUNT; i++) {
        struct CMUnitTest a = cmocka_unit_test_prestate(test_reference, (void *)&tn_nets[i]);
        struct CMUnitTest b =
            cmocka_unit_test_prestate(test_finite_differences, (void *)&tn_nets[i]);
        snprintf(names[2 * i], sizeof names[0], "%s against the reference", tn_nets[i].name);
        snprintf(names[2 * i + 1], sizeof names[0], "%s against finite differences",
                 tn_nets[i].name);
        a.name = names[2 * i];
        b.name = names[2 * i + 1];
        tests[2 * i] = a;
        tests[2 * i + 1] = b;
    }
    return _cmocka_run_group_tests("networks", tests, 2 * TN_COUNT, NULL, NULL);
}
