/*
 * The worked example of the backpropagation article, computed by flatprop.
 *
 * The network (seed.lua): x = (2, 1) -> dense W1 (3x2) -> ReLU -> dense W2
 * (1x3) -> y, squared error against t = 1. The program prints the forward
 * values, every gradient, and the article's two checks: nudging every
 * parameter by 0.01, and one SGD step, each as predicted against actual.
 *
 * Every number comes from generated code. The whole network gives the loss,
 * the gradient and the SGD step; the intermediate values (z, dL/dh, dL/dz)
 * come from the two layers generated on their own (stages/), chained through
 * backward's dx exactly as a caller would chain a custom loss. The program
 * exits non-zero if any number disagrees with the article.
 */
#include <math.h>
#include <stdio.h>

#include "seed.h"
#include "seed_layer1.h"
#include "seed_layer2.h"

static int failures = 0;

static void print_vector(const char *label, const float *v, int n)
{
    int i;
    printf("  %-34s = (", label);
    for (i = 0; i < n; i++) {
        printf("%s%.7g", i ? ", " : "", (double)v[i]);
    }
    printf(")\n");
}

/* A scalar beside the article's value (which was computed in double). */
static void print_scalar(const char *label, float v, double article)
{
    printf("  %-34s = %.7g   (article: %.8g)\n", label, (double)v, article);
}

/* Compare with the article; tolerance: a few float roundings. */
static void expect(const char *what, const float *got, const double *want, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        if (fabs((double)got[i] - want[i]) > 1e-6 * (1.0 + fabs(want[i]))) {
            printf("  MISMATCH %s[%d]: got %.9g, the article has %.9g\n", what, i,
                   (double)got[i], want[i]);
            failures++;
        }
    }
}

int main(void)
{
    const float x[SEED_N_INPUTS] = { 2.0f, 1.0f };
    const float t[SEED_N_OUTPUTS] = { 1.0f };
    const float lr = 0.01f;
    float p[SEED_N_PARAMS], p1[SEED_LAYER1_N_PARAMS], p2[SEED_LAYER2_N_PARAMS];
    float z[3], h[3], y[1], dy[1], dh[3], dz[3], g1[6], g2[3], g[SEED_N_PARAMS];
    float q[SEED_N_PARAMS], y_after[1];
    float sum = 0.0f, sum_sq = 0.0f, loss, loss_after, loss_step, predicted, actual;
    int i;

    seed_init(p, 0); /* the description gives every weight: the seed is unused */
    seed_layer1_init(p1, 0);
    seed_layer2_init(p2, 0);

    printf("flatprop worked example: the network of the backpropagation article\n");
    printf("x = (2, 1), target t = 1, W1 = ((0.5, 0.25), (-1, 0.5), (0.25, 1)),"
           " W2 = (1, 0.5, -0.5)\n\nforward\n");
    seed_layer1_forward(p1, x, z);
    for (i = 0; i < 3; i++) {
        h[i] = z[i] > 0.0f ? z[i] : 0.0f;
    }
    seed_forward(p, x, y);
    loss = seed_loss(y, t);
    print_vector("z = W1 x", z, 3);
    print_vector("h = relu(z)", h, 3);
    print_vector("y = W2 h", y, 1);
    print_vector("L = (y - t)^2", &loss, 1);
    {
        static const double want_z[3] = { 1.25, -1.5, 1.5 }, want_h[3] = { 1.25, 0, 1.5 };
        static const double want_y[1] = { 0.5 }, want_l[1] = { 0.25 };
        expect("z", z, want_z, 3);
        expect("h", h, want_h, 3);
        expect("y", y, want_y, 1);
        expect("L", &loss, want_l, 1);
    }

    printf("\nbackward\n");
    dy[0] = 2.0f * (y[0] - t[0]); /* dL/dy of the squared error */
    for (i = 0; i < 3; i++) {
        g2[i] = 0.0f;
    }
    for (i = 0; i < 6; i++) {
        g1[i] = 0.0f;
    }
    seed_layer2_backward(p2, h, dy, g2, dh); /* dL/dW2 and dL/dh */
    for (i = 0; i < 3; i++) {
        dz[i] = h[i] > 0.0f ? dh[i] : 0.0f; /* the ReLU zeroes a dead neuron */
    }
    seed_layer1_backward(p1, x, dz, g1, NULL); /* dL/dW1 */
    for (i = 0; i < SEED_N_PARAMS; i++) {
        g[i] = 0.0f;
    }
    (void)seed_gradient(p, x, t, g); /* the whole network at once */
    print_vector("dL/dy = 2 (y - t)", dy, 1);
    print_vector("dL/dW2 = dL/dy h^T", g2, 3);
    print_vector("dL/dh = W2^T dL/dy", dh, 3);
    print_vector("dL/dz = dL/dh where z > 0", dz, 3);
    print_vector("dL/dW1 = dL/dz x^T (row 1)", g1, 2);
    print_vector("       (row 2: neuron 2 is dead)", g1 + 2, 2);
    print_vector("       (row 3)", g1 + 4, 2);
    {
        static const double want_dy[1] = { -1 }, want_g2[3] = { -1.25, 0, -1.5 };
        static const double want_dh[3] = { -1, -0.5, 0.5 }, want_dz[3] = { -1, 0, 0.5 };
        static const double want_g1[6] = { -2, -1, 0, 0, 1, 0.5 };
        expect("dL/dy", dy, want_dy, 1);
        expect("dL/dW2", g2, want_g2, 3);
        expect("dL/dh", dh, want_dh, 3);
        expect("dL/dz", dz, want_dz, 3);
        expect("dL/dW1", g1, want_g1, 6);
        expect("gradient (dL/dW1)", g, want_g1, 6);
        expect("gradient (dL/dW2)", g + 6, want_g2, 3);
    }
    for (i = 0; i < SEED_N_PARAMS; i++) {
        sum += g[i];
        sum_sq += g[i] * g[i];
    }
    print_scalar("sum of all gradients", sum, -4.25);

    printf("\ncheck 1: every parameter + 0.01\n");
    for (i = 0; i < SEED_N_PARAMS; i++) {
        q[i] = p[i] + 0.01f;
    }
    seed_forward(q, x, y_after);
    loss_after = seed_loss(y_after, t);
    predicted = 0.01f * sum;
    actual = loss_after - loss;
    print_scalar("predicted dL = 0.01 sum(g)", predicted, -0.0425);
    print_scalar("actual dL = L(p + 0.01) - L(p)", actual, -0.04124239);
    {
        static const double want_pred[1] = { -0.0425 }, want_act[1] = { -0.04124239 };
        expect("nudge predicted", &predicted, want_pred, 1);
        expect("nudge actual", &actual, want_act, 1);
    }

    printf("\ncheck 2: one SGD step, lr = 0.01 (train_step)\n");
    for (i = 0; i < SEED_N_PARAMS; i++) {
        q[i] = p[i];
    }
    loss_step = seed_train_step(q, x, t, lr);
    seed_forward(q, x, y_after);
    loss_after = seed_loss(y_after, t);
    predicted = -lr * sum_sq;
    actual = loss_after - loss_step;
    print_scalar("predicted dL = -lr sum(g^2)", predicted, -0.100625);
    print_scalar("actual dL", actual, -0.09069923);
    print_scalar("new L", loss_after, 0.15930077);
    {
        static const double want_pred[1] = { -0.100625 }, want_act[1] = { -0.09069923 };
        static const double want_new[1] = { 0.15930077 };
        expect("SGD predicted", &predicted, want_pred, 1);
        expect("SGD actual", &actual, want_act, 1);
        expect("SGD new L", &loss_after, want_new, 1);
    }

    if (failures) {
        printf("\n%d numbers disagree with the article\n", failures);
        return 1;
    }
    printf("\nall numbers agree with the article\n");
    return 0;
}
