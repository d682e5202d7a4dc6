/* The user's firmware: XOR trained on the device with the generated
 * train_step, printed through the board's own console. */
#include <stdint.h>
#include <string.h>

#include "my_io.h"
#include "xor.h"

static float params[XOR_N_PARAMS];

int main(void)
{
    static const float xs[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
    static const float ts[4][1] = { { 0 }, { 1 }, { 1 }, { 0 } };
    float loss = 0.0f;
    uint32_t bits;
    int epoch, i;

    xor_init(params, 1U);
    for (epoch = 0; epoch < 2000; epoch++) {
        loss = 0.0f;
        for (i = 0; i < 4; i++) {
            loss += xor_train_step(params, xs[i], ts[i], 0.05f);
        }
    }
    loss /= 4.0f;
    memcpy(&bits, &loss, sizeof loss);
    my_puts("my board: mean loss ");
    my_put_hex(bits);
    if (loss < 0.01f) {
        my_puts(" < 0.01: ok\n");
        return 0;
    }
    my_puts(" >= 0.01: not trained\n");
    return 1;
}
