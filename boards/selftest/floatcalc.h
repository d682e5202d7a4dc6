/* Selftest (d): a small float computation shared by the target and the host. */
#ifndef FLOATCALC_H
#define FLOATCALC_H

#define FLOATCALC_N 8

/* Fills out[0..FLOATCALC_N-1]: a 4->3 dense layer with ReLU on exactly
   representable inputs, a loss, one SGD step and a division. */
void floatcalc(float out[FLOATCALC_N]);

#endif
