// Host timing: the generated train_step (default and all-loop policy), the baselines and (when built with
// HAVE_EIGEN) Eigen, alternating in rounds of BLOCK steps each from the same
// starting parameters; prints the median nanoseconds per step of each.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

extern "C" {
#include "harness.h"
#ifdef HEADER
#include HEADER
#endif
#ifdef HEADER_LOOP
#include HEADER_LOOP
#endif
}
#ifdef HAVE_EIGEN
extern "C" float eigen_train_step(float *params, const float *x, const float *target, float lr);
#endif

int main()
{
    struct Impl { const char *name; bench_train_fn f; std::vector<double> ns; };
    std::vector<Impl> impls;
    impls.push_back({"gen", TRAIN, {}});
#ifdef TRAIN_LOOP
    impls.push_back({"loop", TRAIN_LOOP, {}});
#endif
    impls.push_back({"a", base_a_train_step, {}});
    impls.push_back({"b", base_b_train_step, {}});
#ifdef HAVE_EIGEN
    impls.push_back({"eigen", eigen_train_step, {}});
#endif
    static float p0[N_PARAMS], p[N_PARAMS];
    float x[BD0], t[D_OUT];
    bench_setup(p0, x, t);
    const int block = std::max(1, 400000 / N_PARAMS);
    volatile float sink = 0.0f;
    for (int round = 0; round < 31; round++) {
        for (size_t k = 0; k < impls.size(); k++) {
            Impl &im = impls[(k + round) % impls.size()];
            std::memcpy(p, p0, sizeof p);
            auto t0 = std::chrono::steady_clock::now();
            for (int i = 0; i < block; i++) {
                sink = sink + im.f(p, x, t, 0.0f);  // lr 0: every step does the same work
            }
            auto t1 = std::chrono::steady_clock::now();
            im.ns.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / block);
        }
    }
    for (auto &im : impls) {
        std::sort(im.ns.begin(), im.ns.end());
        std::printf("%s %.3f\n", im.name, im.ns[im.ns.size() / 2]);
    }
    return 0;
}
