/*
 * The smallest firmware that trains on the device: a 2-8-1 network learns
 * XOR with one train_step per sample. No heap, no stdio; the parameters are
 * a static array the firmware owns. Prints the mean loss before and after
 * training (board.h: semihosting, or the AVR console) and exits 0 when it
 * fell below 0.01 (QEMU passes the exit status to CTest).
 */
#include "board.h"
#include "xor.h"                     /* also includes flatprop.h */

static float params[XOR_N_PARAMS];   /* caller-owned: 132 bytes */

int main(void)
{
    static const float xs[4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
    static const float ts[4][1] = { { 0 }, { 1 }, { 1 }, { 0 } };
    float loss = 0.0f;
    int epoch, i;
    xor_init(params, 1U);
    for (epoch = 0; epoch < 2000; epoch++) {
        loss = 0.0f;
        for (i = 0; i < 4; i++) {
            loss += xor_train_step(params, xs[i], ts[i], 0.05f);
        }
        if (epoch == 0) {
            board_puts("xor 2-8-1, lr 0.05: epoch 1 mean loss ");
            board_put_float(loss / 4.0f, 3);
            board_puts("\n");
        }
    }
    board_puts("epoch 2000 mean loss ");
    board_put_float(loss / 4.0f, 3);
    if (loss / 4.0f < 0.01f) {
        board_puts(" < 0.01: ok\n");
        return 0;                    /* flatprop_save_f() to keep the result */
    }
    board_puts(" >= 0.01: not trained\n");
    return 1;
}
