/* The deterministic pseudo-random generator behind NAME_init().
 * xoshiro128** (Blackman and Vigna), seeded through splitmix32 so that any
 * (seed, stream) pair gives a well-mixed, non-zero state. Integer only. */
#include "flatprop.h"

static uint32_t splitmix32(uint32_t *x)
{
    uint32_t z = (*x += 0x9E3779B9u);
    z = (z ^ (z >> 16)) * 0x85EBCA6Bu;
    z = (z ^ (z >> 13)) * 0xC2B2AE35u;
    return z ^ (z >> 16);
}

static uint32_t rotl(uint32_t x, int k)
{
    return (x << k) | (x >> (32 - k));
}

void flatprop_rng_seed(flatprop_rng_t *rng, uint32_t seed, uint32_t stream)
{
    uint32_t x = seed ^ (stream * 0x632BE5ABu);
    int i;
    if (rng == NULL) {
        return;
    }
    (void)splitmix32(&x);
    x ^= stream;
    for (i = 0; i < 4; i++) {
        rng->s[i] = splitmix32(&x);
    }
    if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0) {
        rng->s[0] = 1; /* the all-zero state is the one fixed point */
    }
}

uint32_t flatprop_rng_next(flatprop_rng_t *rng)
{
    uint32_t *s;
    if (rng == NULL) {
        return 0;
    }
    s = rng->s;
    const uint32_t result = rotl(s[1] * 5u, 7) * 9u;
    const uint32_t t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
}

float flatprop_rng_float(flatprop_rng_t *rng)
{
    /* 24 random bits times 2^-24: exact in binary32 */
    return (float)(flatprop_rng_next(rng) >> 8) * (1.0f / 16777216.0f);
}

#if FLATPROP_HAS_DOUBLE /* 53 bits need a 64-bit double (not on avr-gcc) */
double flatprop_rng_double(flatprop_rng_t *rng)
{
    /* 53 random bits times 2^-53: exact in binary64 */
    const uint32_t hi = flatprop_rng_next(rng) >> 5; /* 27 bits */
    const uint32_t lo = flatprop_rng_next(rng) >> 6; /* 26 bits */
    return ((double)hi * 67108864.0 + (double)lo) * (1.0 / 9007199254740992.0);
}
#endif
