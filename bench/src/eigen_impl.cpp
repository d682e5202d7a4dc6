// The same training step with Eigen fixed-size matrices (host comparison):
// W maps the flat row-major parameters, forward z = W a + b, relu, squared
// error, then per layer da = W^T d (masked), W -= (lr d) a^T, b -= lr d.
#include <Eigen/Core>

extern "C" {
#include "baseline.h"
float eigen_train_step(float *params, const float *x, const float *target, float lr);
}

namespace {

template <int NI, int NO>
struct Layer {
    typedef Eigen::Matrix<float, NO, NI, (NI == 1 ? Eigen::ColMajor : Eigen::RowMajor)> Mat;
    typedef Eigen::Matrix<float, NO, 1> Out;
    typedef Eigen::Matrix<float, NI, 1> In;
    Eigen::Map<Mat> W;
    float *b;
    Layer(float *params, int w_off, int b_off) : W(params + w_off), b(params + b_off) {}

    Out forward(const In &a) const
    {
        Out z = W * a;
        if (BIAS) {
            z += Eigen::Map<Out>(b);
        }
        return z;
    }
    // returns W^T d (before the update), then updates W and b
    In backward(const In &a, const Out &d, float lr, bool need_da)
    {
        In da;
        if (need_da) {
            da.noalias() = W.transpose() * d;
        }
        const Out s = lr * d;
        W.noalias() -= s * a.transpose();
        if (BIAS) {
            Eigen::Map<Out>(b) -= s;
        }
        return da;
    }
};

template <int N>
Eigen::Matrix<float, N, 1> relu(const Eigen::Matrix<float, N, 1> &z)
{
    return z.cwiseMax(0.0f);
}

template <int N>
Eigen::Matrix<float, N, 1> mask(const Eigen::Matrix<float, N, 1> &g,
                                const Eigen::Matrix<float, N, 1> &h)
{
    return (h.array() > 0.0f).select(g, 0.0f);
}

}  // namespace

float eigen_train_step(float *params, const float *x, const float *target, float lr)
{
    typedef Eigen::Matrix<float, BD0, 1> V0;
    typedef Eigen::Matrix<float, D_OUT, 1> VY;
    const V0 a0 = Eigen::Map<const V0>(x);
    Layer<BD0, BD1> l1(params, OFF_W1, OFF_B1);
    Layer<BD1, BD2> l2(params, OFF_W2, OFF_B2);
    const Eigen::Matrix<float, BD1, 1> h1 = relu<BD1>(l1.forward(a0));
#if NL == 2
    const VY y = l2.forward(h1);
#else
    Layer<BD2, BD3> l3(params, OFF_W3, OFF_B3);
    const Eigen::Matrix<float, BD2, 1> h2 = relu<BD2>(l2.forward(h1));
    const VY y = l3.forward(h2);
#endif
    const VY e = y - Eigen::Map<const VY>(target);
    const float L = e.squaredNorm();
    const VY dy = 2.0f * e;
#if NL == 2
    const Eigen::Matrix<float, BD1, 1> d1 = mask<BD1>(l2.backward(h1, dy, lr, true), h1);
#else
    const Eigen::Matrix<float, BD2, 1> d2 = mask<BD2>(l3.backward(h2, dy, lr, true), h2);
    const Eigen::Matrix<float, BD1, 1> d1 = mask<BD1>(l2.backward(h1, d2, lr, true), h1);
#endif
    l1.backward(a0, d1, lr, false);
    return L;
}
