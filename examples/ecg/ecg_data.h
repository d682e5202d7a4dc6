/* The ECG recording (MIT-BIH Arrhythmia Database record 208, ODC-By 1.0: see
 * data/README.md), compiled in: ecg_count samples at 360 Hz, ADC units of
 * 1/200 mV. */
#ifndef ECG_DATA_H
#define ECG_DATA_H

#include <stdint.h>

#define ECG_RATE 360u /* samples a second */

extern const unsigned ecg_count;
extern const int16_t ecg_samples[]; /* [ecg_count] */

#endif
