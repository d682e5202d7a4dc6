/* Runs one generated network at one point for run_torch.py: reads the
 * parameters, input, target, dy and learning rate (hexadecimal floats, one
 * a line, after "n_params n_inputs n_outputs"), calls forward, loss,
 * gradient, backward (with dx) and train_step, and prints every result as
 * hexadecimal floats, one labelled line each.
 *
 * NET names the network (its functions and macros), NET_HEADER its header. */
#include <stdio.h>
#include <stdlib.h>

#include NET_HEADER

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define FN(suffix) CAT(NET, suffix)
#define M(suffix) CAT(NET_UPPER, suffix)

#define NP M(_N_PARAMS)
#define NI M(_N_INPUTS)
#define NO M(_N_OUTPUTS)

typedef FN(_real) real_t;

static real_t params[NP], work[NP], grad[NP];
static real_t x[NI], dx[NI];
static real_t target[NO], dy[NO], y[NO];

static int read_values(FILE *f, real_t *v, unsigned long n)
{
    unsigned long i;
    char line[64];
    for (i = 0; i < n; ++i) {
        if (fgets(line, sizeof line, f) == NULL) {
            return 0;
        }
        v[i] = (real_t)strtod(line, NULL);
    }
    return 1;
}

static void print_values(const char *label, const real_t *v, unsigned long n)
{
    unsigned long i;
    printf("%s", label);
    for (i = 0; i < n; ++i) {
        printf(" %a", (double)v[i]);
    }
    printf("\n");
}

static void zero(real_t *v, unsigned long n)
{
    unsigned long i;
    for (i = 0; i < n; ++i) {
        v[i] = (real_t)0;
    }
}

int main(int argc, char **argv)
{
    unsigned long np, ni, no, i;
    real_t lr, loss;
    FILE *f;
    if (argc != 2 || (f = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: driver POINT.txt\n");
        return 2;
    }
    if (fscanf(f, "%lu %lu %lu\n", &np, &ni, &no) != 3 || np != NP || ni != NI || no != NO) {
        fprintf(stderr, "point has other sizes than the network (%d %d %d)\n", NP, NI, NO);
        return 2;
    }
    if (!read_values(f, params, NP) || !read_values(f, x, NI) || !read_values(f, target, NO)
            || !read_values(f, dy, NO) || !read_values(f, &lr, 1)) {
        fprintf(stderr, "point file is short\n");
        return 2;
    }
    fclose(f);

    FN(_forward)(params, x, y);
    print_values("y", y, NO);
    loss = FN(_loss)(y, target);
    print_values("loss", &loss, 1);

    zero(grad, NP);
    loss = FN(_gradient)(params, x, target, grad);
    print_values("gradient_loss", &loss, 1);
    print_values("grad", grad, NP);

    zero(grad, NP);
    for (i = 0; i < NI; ++i) {
        dx[i] = (real_t)1234.5;
    }
    FN(_backward)(params, x, dy, grad, dx);
    print_values("bgrad", grad, NP);
    print_values("dx", dx, NI);

    for (i = 0; i < NP; ++i) {
        work[i] = params[i];
    }
    loss = FN(_train_step)(work, x, target, lr);
    print_values("step_loss", &loss, 1);
    print_values("stepped", work, NP);
    return 0;
}
