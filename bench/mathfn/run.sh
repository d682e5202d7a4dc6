#!/usr/bin/env bash
# exp, tanh and sigmoid: the runtime's own (flatprop_*_f) against the C
# library's (newlib-nano expf/tanhf; sigmoid as 1/(1+expf(-x))) on the
# emulated Cortex-M4F (mps2-an386) and Cortex-M0 (microbit), in one command:
#
#   bench/mathfn/run.sh [BUILD_ROOT]      (default: build-mathfn)
#
# Builds bench/mathfn for both cores, runs each bench firmware under QEMU with
# the insncount plugin and prints a Markdown table (also BUILD_ROOT/report.md):
# instructions per call (mean over 64 inputs uniform in [-8, 8), the call and
# loop overhead subtracted), flash bytes of the function itself (nm -S) and
# of everything it pulls into the firmware (.text growth over a firmware that
# calls an identity function instead), and the worst error on those inputs
# in ulp against double precision. Then whether each function's results are
# bit-identical on M4F, M0 and the host (gcc, glibc). Needs .ci/deps.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_root=${1:-$root_dir/build-mathfn}
mkdir -p "$build_root"
build_root=$(cd "$build_root" && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
cores="m4f m0"
fns="flatprop_exp_f expf flatprop_tanh_f tanhf flatprop_sigmoid_f mathfn_libm_sigmoid"

for core in $cores; do
    cmake -S "$root_dir" -B "$build_root/$core" -G Ninja \
        -DCMAKE_TOOLCHAIN_FILE="$root_dir/cmake/toolchains/cortex-$core.cmake" \
        -DFLATPROP_BUILD_TESTS=OFF >"$build_root/$core.configure.log"
    cmake --build "$build_root/$core" -j"$jobs" --target mathfn_bench mcu_insncount_plugin \
        >"$build_root/$core.build.log"
done
# the host's results (gcc, glibc), with the C library's expf and tanhf
cc -O2 -std=c99 -ffp-contract=off -DWITH_LIBM=1 -I"$root_dir/runtime/include" \
    -I"$root_dir/tests/mcu" -I"$root_dir/bench/mathfn" -o "$build_root/values_host" \
    "$root_dir/bench/mathfn/values.c" "$root_dir/bench/mathfn/fns.c" \
    "$root_dir/tests/mcu/mcu_io_common.c" "$root_dir/tests/mcu/mcu_io_host.c" \
    "$root_dir"/runtime/src/*.c -lm
"$build_root/values_host" >"$build_root/host.values"

emulator() { # core -> QEMU command line up to (not including) -kernel
    local machine
    case $1 in m4f) machine=mps2-an386 ;; m0) machine=microbit ;; esac
    echo "qemu-system-arm -M $machine -display none -chardev stdio,id=sh0" \
         "-semihosting-config enable=on,target=native,chardev=sh0"
}

rows=""
for core in $cores; do
    dir=$build_root/$core/bench/mathfn
    plugin=$build_root/$core/bench/mcu/libinsncount.so
    base_text=$(arm-none-eabi-size "$dir/mathfn_bench_mathfn_ident.elf" | tail -1 | awk '{ print $1 }')
    : >"$build_root/$core.values"
    for fn in $fns; do
        elf=$dir/mathfn_bench_$fn.elf
        timeout 60 $(emulator "$core") \
            -plugin "$plugin,start_sym=board_bench_begin,stop_sym=board_bench_end,out=$dir/$fn.insns" \
            -kernel "$elf" >>"$build_root/$core.values"
        read -r rmin rmax rsum < <(sed -n 's/.*region_min=\([0-9]*\) region_max=\([0-9]*\) region_sum=\([0-9]*\).*/\1 \2 \3/p' "$dir/$fn.insns")
        ident=$((rsum - rmin - rmax))
        per_call=$(awk -v a="$rmax" -v b="$ident" 'BEGIN { printf "%.1f", (a - b) / 64 }')
        own=$(printf '%d' "0x$(arm-none-eabi-nm -S --defined-only "$elf" | awk -v f="$fn" '$4 == f { print $2 }')")
        text=$(arm-none-eabi-size "$elf" | tail -1 | awk '{ print $1 }')
        rows+="$core $fn $per_call $own $((text - base_text))"$'\n'
    done
done

python3 - "$build_root" "$rows" <<'PY' | tee "$build_root/report.md"
import math, struct, sys
root, rows = sys.argv[1], sys.argv[2]

def load(path):
    out = {}
    for line in open(path):
        label, _, rest = line.partition(":")
        out[label] = [int(tok.split("(")[0], 16) for tok in rest.split()]
    return out

def f32(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]

def ulp(x):  # the spacing of floats at |x|
    x = abs(x)
    if x < 2.0 ** -126:
        return 2.0 ** -149
    return 2.0 ** (math.frexp(x)[1] - 24)

host = load(root + "/host.values")
cores = {c: load(root + "/" + c + ".values") for c in ("m4f", "m0")}
xs = [f32(b) for b in host["inputs"]]
ref = {"exp": math.exp, "tanh": math.tanh, "sigmoid": lambda x: 1 / (1 + math.exp(-x))}
kind = {"flatprop_exp_f": "exp", "expf": "exp", "flatprop_tanh_f": "tanh", "tanhf": "tanh",
        "flatprop_sigmoid_f": "sigmoid", "mathfn_libm_sigmoid": "sigmoid"}
name = {"mathfn_libm_sigmoid": "1/(1+expf(-x))"}

def max_err(vals, k):
    return max(abs(f32(v) - ref[k](x)) / ulp(ref[k](x)) for v, x in zip(vals, xs))

print("| function | core | instructions per call | flash bytes: function / linked in total | max error on the 64 inputs |")
print("|---|---|--:|--:|--:|")
for row in rows.split("\n"):
    if not row:
        continue
    core, fn, per_call, own, total = row.split()
    err = max_err(cores[core][fn], kind[fn])
    print("| `%s` | %s | %s | %s / %s | %.2f ulp |" % (name.get(fn, fn), core, per_call, own, total, err))
print()
for fn in ("flatprop_exp_f", "flatprop_tanh_f", "flatprop_sigmoid_f"):
    same = cores["m4f"][fn] == cores["m0"][fn] == host[fn]
    print("- `%s`: M4F, M0 and host %s" % (fn, "bit-identical on all 64 inputs" if same else "DIFFER"))
for fn in ("expf", "tanhf"):
    diffs = [abs(a - b) for a, b in zip(cores["m4f"][fn], host[fn])]
    m0same = cores["m4f"][fn] == cores["m0"][fn]
    print("- `%s`: newlib (M4F) vs glibc (host): %d of 64 differ, by at most %d ulp; newlib M4F vs M0 %s"
          % (fn, sum(d != 0 for d in diffs), max(diffs), "identical" if m0same else "differ"))
PY
