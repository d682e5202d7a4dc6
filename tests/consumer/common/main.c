/* An outside project's program: the worked example's forward pass and one
 * training step through the generated API, then every tensor out as .npy. */
#include "consumer.h"
#include "flatprop_export.h"

#include <stdio.h>

int main(void)
{
    consumer_real params[CONSUMER_N_PARAMS];
    const consumer_real x[CONSUMER_N_INPUTS] = { 2.0f, 1.0f };
    const consumer_real t[CONSUMER_N_OUTPUTS] = { 1.0f };
    consumer_real y[CONSUMER_N_OUTPUTS];
    consumer_real loss;
    int status = 0;

    consumer_init(params, 1u);
    consumer_forward(params, x, y);
    if (y[0] != 0.5f) {
        printf("forward gave %g, expected 0.5\n", (double)y[0]);
        return 1;
    }
    loss = consumer_train_step(params, x, t, 0.01f);
    if (loss != 0.25f) {
        printf("train_step gave loss %g, expected 0.25\n", (double)loss);
        return 1;
    }
#define EXPORT(name, offset, rows, cols) \
    status |= flatprop_export_npy_f(".", #name, params + (offset), rows, cols);
    CONSUMER_TENSORS(EXPORT)
#undef EXPORT
    if (status != 0) {
        printf("export failed: %d\n", status);
        return 1;
    }
    printf("consumer ok\n");
    return 0;
}
