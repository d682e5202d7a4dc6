/* The 8x8 digits data set (UCI optdigits test set, CC BY 4.0: see
 * data/README.md), compiled in: digits_count samples of 64 pixels 0..16. */
#ifndef DIGITS_DATA_H
#define DIGITS_DATA_H

extern const unsigned digits_count;
extern const unsigned char digits_pixels[]; /* [digits_count][64] */
extern const unsigned char digits_labels[]; /* [digits_count], 0..9 */

/* The held-out split used by the examples: every fifth sample. */
#define DIGITS_IS_TEST(i) ((i) % 5u == 4u)

#endif
