#!/usr/bin/env bash
# The Helium (MVE) shape on the Cortex-M55: instructions and model cycles
# (bench/qemu cyclecount, preset m55-ram: code in the ITCM) of one
# train_step under qemu-system-arm -M mps3-an547 for N2-N4, of
#   scalar  the generated code with the default policy (the M4F's shapes)
#   mve     the same network generated with --vector mve
#   (b) O3  the fused-loop baseline bench/src/base_b.c built with -O3, which
#           lets gcc auto-vectorise its loops for MVE
#   (a) O3  the same for the baseline with a gradient buffer (base_a.c)
# each at -Os, -O2 and -O3 (the baselines at -O3 only), all with
# -mcpu=cortex-m55 -mthumb -mfloat-abi=hard -ffp-contract=off, and whether
# L and the updated parameters agree with the scalar shape (to 1e-5
# relative: the vector shape adds its dot products in four lanes).
#
#   bash bench/mve/run.sh [BUILD_DIR]      (default: build-bench-mve/)
#
# Needs lua5.4 (or FLATPROP_LUA), arm-none-eabi-gcc 12, qemu-system-arm 7.2.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$(realpath -m "${1:-$root/build-bench-mve}")
LUA=${FLATPROP_LUA:-$(command -v lua5.4 || command -v luajit || command -v lua)}
mkdir -p "$B"
S=$root/bench/src
M55="-mcpu=cortex-m55 -mthumb -mfloat-abi=hard"
CF="$M55 -ffp-contract=off -ffunction-sections -fdata-sections -std=c99 -Wall -Wextra -Wdouble-promotion"
Q=$root/bench/qemu
cc -O2 -std=c99 -shared -fPIC -fvisibility=hidden -o "$B/libcyclecount.so" "$Q/cyclecount.c" \
    "$Q/cycle_model.c" "$Q/thumb_decode.c"
for opt in Os O2 O3; do
    mkdir -p "$B/board-$opt"
    for f in startup semihost format stack markers; do
        arm-none-eabi-gcc $CF -$opt -I"$root/boards/include" -c "$root/boards/common/$f.c" \
            -o "$B/board-$opt/$f.o"
    done
    for f in "$root"/runtime/src/*.c; do
        arm-none-eabi-gcc $CF -$opt -I"$root/runtime/include" -c "$f" \
            -o "$B/board-$opt/rt_$(basename "$f" .c).o"
    done
done

nets=(
  "n2_8_16_16_4|-DNL=3 -DBD0=8 -DBD1=16 -DBD2=16 -DBD3=4 -DBIAS=1"
  "n3_32_64_32_8|-DNL=3 -DBD0=32 -DBD1=64 -DBD2=32 -DBD3=8 -DBIAS=1"
  "n4_64_128_64_10|-DNL=3 -DBD0=64 -DBD1=128 -DBD2=64 -DBD3=10 -DBIAS=1"
)

# run NET TAG OPT DIMS TRAIN GEN HEADER SRC: prints "insns cycles flash output"
run() {
    local net=$1 tag=$2 opt=$3 dims=$4 train=$5 gen=$6 header=$7 src=$8
    local d=$B/$net/$tag-$opt; mkdir -p "$d"
    arm-none-eabi-gcc $CF -$opt $dims -I"$S" -I"$gen" -I"$root/runtime/include" -c "$src" \
        -o "$d/impl.o"
    arm-none-eabi-gcc $CF -$opt $dims -I"$S" -I"$gen" -I"$root/runtime/include" \
        -I"$root/boards/include" -DTRAIN="$train" ${header:+-DHEADER="\"$header\""} \
        -c "$S/fw_main.c" -o "$d/fw_main.o"
    arm-none-eabi-gcc $M55 -specs=nano.specs -nostartfiles -Wl,--gc-sections \
        -L"$root/boards/ld" -Tmps3-an547.ld -Wl,--defsym=__stack_size=0x4000 \
        -o "$d/fw.elf" "$d/fw_main.o" "$d/impl.o" "$B"/board-$opt/*.o -lm -lc -lgcc
    local out rmin rmax flash
    out=$(timeout 120 qemu-system-arm -M mps3-an547 -display none -chardev stdio,id=sh0 \
        -semihosting-config enable=on,target=native,chardev=sh0 \
        -plugin "$B/libcyclecount.so,start_sym=board_bench_begin,stop_sym=board_bench_end,model=m55-ram,out=$d/cycles.txt" \
        -kernel "$d/fw.elf")
    local cmin cmax
    rmin=$(sed -n 's/^region_count=.*region_min=\([0-9]*\).*/\1/p' "$d/cycles.txt")
    rmax=$(sed -n 's/^region_count=.*region_max=\([0-9]*\).*/\1/p' "$d/cycles.txt")
    cmin=$(sed -n 's/^cycles m55-ram .*region_min=\([0-9]*\).*/\1/p' "$d/cycles.txt")
    cmax=$(sed -n 's/^cycles m55-ram .*region_max=\([0-9]*\).*/\1/p' "$d/cycles.txt")
    flash=$(arm-none-eabi-size -A "$d/impl.o" | awk '$1 ~ /^\.text/ { s += $2 } END { print s }')
    echo "$((rmax - rmin)) $((cmax - cmin)) $flash $out"
}

results=$B/results.txt
: > "$results"
for entry in "${nets[@]}"; do
    IFS='|' read -r net dims <<< "$entry"
    if [ -n "${NETS:-}" ] && [[ " $NETS " != *" $net "* ]]; then continue; fi
    for v in scalar mve; do
        g=$B/$net/gen-$v; mkdir -p "$g"
        opt=(); [ "$v" = mve ] && opt=(--vector mve)
        "$LUA" "$root/generator/flatprop.lua" -o "$g" "${opt[@]}" "$root/bench/nets/$net.lua"
        for o in Os O2 O3; do
            echo "$net $v $o | $(run "$net" "$v" "$o" "$dims" "${net}_train_step" "$g" "$net.h" "$g/$net.c")" >> "$results"
        done
    done
    for base in a b; do
        for o in Os O3; do
            echo "$net base_$base $o | $(run "$net" "base_$base" $o "$dims" "base_${base}_train_step" "$B/$net/gen-scalar" "" "$S/base_$base.c")" >> "$results"
        done
    done
    echo "== $net done"
done
cat "$results"
# the tables: instructions, then model cycles, of one train_step; "agree":
# L and the parameters' sum of every build within 1e-5 relative of the
# scalar -Os build
table() { # FIELD (5: instructions, 6: cycles)
awk -v f="$1" '
function rel(a, b) { d = a - b; if (d < 0) d = -d; m = (b < 0 ? -b : b); return m > 0 ? d / m : d }
{ key = $1 " " $2 " " $3; n[key] = $f; L = $9; sub(/L=/, "", L); sm = $10; sub(/sum=/, "", sm)
  l[key] = L; s[key] = sm; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
END { for (i = 1; i <= k; i++) { t = order[i]
    so = n[t " scalar Os"]; s2 = n[t " scalar O2"]; m2 = n[t " mve O2"]; ms = n[t " mve Os"]
    bs = so < s2 ? so : s2; bm = ms; if (m2 < bm) bm = m2; if (n[t " mve O3"] < bm) bm = n[t " mve O3"]
    ok = "yes"
    split("scalar O2,mve Os,mve O2,mve O3,base_a O3,base_b O3", v, ",")
    for (j in v) { kk = t " " v[j]; if (rel(l[kk], l[t " scalar Os"]) > 1e-5 || rel(s[kk], s[t " scalar Os"]) > 1e-5) ok = "no" }
    printf "| %s | %d | %d | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %s |\n", t, so, s2, ms, m2,
      n[t " mve O3"], n[t " base_a O3"], n[t " base_b O3"], ms / so, m2 / s2, bm / bs, bm / n[t " base_b O3"], ok } }
' "$results"
}
for what in "5 instructions" "6 cycles (m55-ram)"; do
    echo
    echo "${what#* } of one train_step:"
    echo "| network | scalar -Os | scalar -O2 | mve -Os | mve -O2 | mve -O3 | (a) -O3 | (b) -O3 | mve/scalar -Os | mve/scalar -O2 | best mve / best scalar | mve/(b) -O3 | agree |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
    table "${what%% *}"
done
