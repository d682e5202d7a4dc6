"""The conv and pool networks that run_torch.py checks against PyTorch.

Between them they use every field of SPEC 1b: conv1d and conv2d with stride,
dilation, groups (depthwise and not), padding as a number, per dimension, a
pair { before, after }, "same" and "valid"; bias and no bias; frozen conv
and dense layers (first, middle, last trainable); max and average pooling
with stride and padding, count_include_pad both ways; global_avgpool and
flatten; every activation; each loss; and each code shape of the conv
layers ("full", "rows", "loop" through `unroll`, and the pools' loop form
behind a loop-shaped layer)."""

NETS = [
    # 1-D: stride and padding as a number, "same" with dilation, flatten
    {"name": "t1_stride", "input": [3, 16], "loss": "squared_error", "layers": [
        {"op": "conv1d", "out": 4, "kernel": 3, "stride": 2, "padding": 1},
        {"op": "relu"},
        {"op": "conv1d", "out": 6, "kernel": 3, "dilation": 2, "padding": "same"},
        {"op": "tanh"},
        {"op": "flatten"},
        {"op": "dense", "out": 3},
    ]},
    # 1-D: depthwise with a { before, after } pair and no bias, grouped 1x1
    # "valid", leaky ReLU, max pool with padding, global average
    {"name": "t1_depthwise", "input": [4, 12], "loss": "softmax_cross_entropy", "layers": [
        {"op": "conv1d", "out": 4, "kernel": 3, "groups": 4, "padding": [[2, 1]],
         "bias": False},
        {"op": "leaky_relu", "slope": 0.125},
        {"op": "conv1d", "out": 6, "kernel": 1, "groups": 2, "padding": "valid"},
        {"op": "relu"},
        {"op": "maxpool1d", "kernel": 3, "stride": 2, "padding": 1},
        {"op": "global_avgpool"},
        {"op": "dense", "out": 3},
    ]},
    # 1-D: a frozen first conv, average pool with padding not counted, a
    # stride larger than the kernel, sigmoid
    {"name": "t1_frozen", "input": [2, 15], "loss": "mse", "layers": [
        {"op": "conv1d", "out": 3, "kernel": 4, "padding": 2, "trainable": False},
        {"op": "avgpool1d", "kernel": 3, "stride": 2, "padding": 1,
         "count_include_pad": False},
        {"op": "sigmoid"},
        {"op": "conv1d", "out": 2, "kernel": 2, "stride": 3},
        {"op": "flatten"},
        {"op": "dense", "out": 2},
    ]},
    # 1-D: average pool with padding counted, max pool without, identity, a
    # frozen dense layer between trainable ones
    {"name": "t1_pools", "input": [2, 20], "loss": "squared_error", "layers": [
        {"op": "conv1d", "out": 4, "kernel": 5, "padding": [[0, 3]], "dilation": 1},
        {"op": "avgpool1d", "kernel": 2, "padding": 1},
        {"op": "identity"},
        {"op": "relu"},
        {"op": "maxpool1d", "kernel": 2},
        {"op": "flatten"},
        {"op": "dense", "out": 5, "trainable": False},
        {"op": "tanh"},
        {"op": "dense", "out": 2, "bias": False},
    ]},
    # 1-D in the loop shapes: rows with stride and dilation, a max pool in its
    # loop form, a grouped conv in loops with a pair of paddings
    {"name": "t1_loops", "input": [2, 24], "loss": "softmax_cross_entropy", "layers": [
        {"op": "conv1d", "out": 4, "kernel": 3, "stride": 2, "dilation": 2, "padding": 2,
         "unroll": "rows"},
        {"op": "relu"},
        {"op": "maxpool1d", "kernel": 2},
        {"op": "conv1d", "out": 4, "kernel": 3, "groups": 2, "padding": [[1, 2]],
         "unroll": "loop"},
        {"op": "sigmoid"},
        {"op": "avgpool1d", "kernel": 2},
        {"op": "flatten"},
        {"op": "dense", "out": 3},
    ]},
    # 2-D: kernel, stride, dilation and padding per dimension (one a pair),
    # max pool with stride 1 and padding
    {"name": "t2_mixed", "input": [2, 7, 6], "loss": "squared_error", "layers": [
        {"op": "conv2d", "out": 3, "kernel": [3, 2], "stride": [2, 1], "dilation": [1, 2],
         "padding": [1, [0, 1]]},
        {"op": "relu"},
        {"op": "maxpool2d", "kernel": 2, "stride": 1, "padding": 1},
        {"op": "flatten"},
        {"op": "dense", "out": 4},
    ]},
    # 2-D: a depthwise-separable block, "same", average pool with padding
    # not counted and a kernel per dimension
    {"name": "t2_separable", "input": [3, 6, 6], "loss": "softmax_cross_entropy", "layers": [
        {"op": "conv2d", "out": 3, "kernel": 3, "groups": 3, "padding": "same"},
        {"op": "relu"},
        {"op": "conv2d", "out": 6, "kernel": 1},
        {"op": "leaky_relu"},
        {"op": "avgpool2d", "kernel": [2, 3], "stride": [2, 1], "padding": [1, 1],
         "count_include_pad": False},
        {"op": "global_avgpool"},
        {"op": "dense", "out": 3},
    ]},
    # 2-D: groups 2 without bias, a frozen middle conv, "valid", stride and
    # dilation 2, average pool counting its padding, a two-layer head
    {"name": "t2_groups", "input": [4, 9, 9], "loss": "mse", "layers": [
        {"op": "conv2d", "out": 4, "kernel": 2, "groups": 2, "bias": False},
        {"op": "tanh"},
        {"op": "conv2d", "out": 4, "kernel": 3, "stride": 2, "dilation": 2,
         "padding": "valid", "trainable": False},
        {"op": "avgpool2d", "kernel": 2, "stride": 1, "padding": 1},
        {"op": "flatten"},
        {"op": "relu"},
        {"op": "dense", "out": 5},
        {"op": "sigmoid"},
        {"op": "dense", "out": 2},
    ]},
    # 2-D in the loop shapes: a conv in loops, a max pool in its loop form,
    # "same" with an even kernel (the odd extra after) in rows, a dense loop
    {"name": "t2_loops", "input": [2, 8, 8], "loss": "squared_error", "layers": [
        {"op": "conv2d", "out": 4, "kernel": 3, "padding": 1, "unroll": "loop"},
        {"op": "relu"},
        {"op": "maxpool2d", "kernel": 2},
        {"op": "conv2d", "out": 4, "kernel": [2, 4], "padding": "same", "unroll": "rows"},
        {"op": "relu"},
        {"op": "global_avgpool"},
        {"op": "dense", "out": 3, "unroll": "loop"},
    ]},
    # 2-D: a frozen last conv (backward stops above it for the parameters,
    # dx goes through), max pool with a window per dimension
    {"name": "t2_frozen_top", "input": [1, 6, 7], "loss": "softmax_cross_entropy",
     "layers": [
         {"op": "conv2d", "out": 3, "kernel": [2, 3], "padding": [[1, 0], 1]},
         {"op": "relu"},
         {"op": "maxpool2d", "kernel": [3, 2], "stride": [1, 2], "padding": [1, 0]},
         {"op": "conv2d", "out": 2, "kernel": 2, "trainable": False},
         {"op": "flatten"},
         {"op": "dense", "out": 3, "trainable": False},
     ]},
]
