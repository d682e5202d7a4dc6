#!/usr/bin/env bash
# The convolution benchmarks C1-C3, one command: each network's generated
# train_step (the default flash budget and a few others) and its plain-loop
# baseline (bench/conv/*_base.c), built for the Cortex-M4F at -Os and run
# under QEMU; prints instructions of one train_step, flash and stack.
#
#   bash bench/conv/run.sh [BUILD_DIR]      (default: build-bench-conv/)
#
# Needs lua5.4 (or FLATPROP_LUA), arm-none-eabi-gcc, qemu-system-arm, cc.
# It reports and never fails on a slow number.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
B=$(realpath -m "${1:-$root/build-bench-conv}")
LUA=${FLATPROP_LUA:-$(command -v lua5.4 || command -v luajit || command -v lua)}
mkdir -p "$B"
S=$root/bench/conv
M4="-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard"
CF="$M4 -Os -ffp-contract=off -ffunction-sections -fdata-sections -std=c99 -Wall -Wextra -Wdouble-promotion"
cc -O2 -shared -fPIC -fvisibility=hidden -o "$B/libinsncount.so" "$root/bench/qemu/insncount.c"
Q=$root/bench/qemu
cc -O2 -std=c99 -shared -fPIC -fvisibility=hidden -o "$B/libcyclecount.so" "$Q/cyclecount.c" \
    "$Q/cycle_model.c" "$Q/thumb_decode.c"
mkdir -p "$B/board"
for f in startup semihost format stack markers; do
    arm-none-eabi-gcc $CF -I"$root/boards/include" -c "$root/boards/common/$f.c" -o "$B/board/$f.o"
done
for f in "$root"/runtime/src/*.c; do
    arm-none-eabi-gcc $CF -I"$root/runtime/include" -c "$f" -o "$B/board/rt_$(basename "$f" .c).o"
done

# run NET GEN_DIR TAG TRAIN SRC: "insns flash stack output gen_seconds
# cycles_flash cycles_ram" (model cycles, bench/qemu cyclecount: code in
# flash with 5 wait states + ART, code in zero-wait RAM)
run() {
    local net=$1 gen=$2 tag=$3 train=$4 src=$5
    local d=$B/$net/$tag; mkdir -p "$d"
    local t0 t1
    t0=$(date +%s.%N)
    arm-none-eabi-gcc $CF -fstack-usage -I"$S" -I"$gen" -I"$root/runtime/include" -c "$src" -o "$d/impl.o"
    t1=$(date +%s.%N)
    arm-none-eabi-gcc $CF -I"$S" -I"$gen" -I"$root/runtime/include" -I"$root/boards/include" \
        -DNET="$net" -DNET_UPPER="$(echo "$net" | tr a-z A-Z)" -DNET_HEADER="\"$net.h\"" \
        -DTRAIN="$train" -c "$S/fw_main.c" -o "$d/fw_main.o"
    arm-none-eabi-gcc $CF -c "$gen/$net.c" -I"$gen" -I"$root/runtime/include" -o "$d/net.o"
    arm-none-eabi-gcc $M4 -specs=nano.specs -nostartfiles -Wl,--gc-sections \
        -L"$root/boards/ld" -Tmps2-an386.ld -Wl,--defsym=__stack_size=0x10000 \
        -o "$d/fw.elf" "$d/fw_main.o" "$d/impl.o" $( [ "$src" != "$gen/$net.c" ] && echo "$d/net.o" ) \
        "$B"/board/*.o -lm -lc -lgcc
    local out
    out=$(timeout 300 qemu-system-arm -M mps2-an386 -display none -chardev stdio,id=sh0 \
        -semihosting-config enable=on,target=native,chardev=sh0 \
        -plugin "$B/libinsncount.so,start_sym=board_bench_begin,stop_sym=board_bench_end,out=$d/insns.txt" \
        -plugin "$B/libcyclecount.so,start_sym=board_bench_begin,stop_sym=board_bench_end,model=m4-flash,model=m4-ram,out=$d/cycles.txt" \
        -kernel "$d/fw.elf")
    local rmin rmax flash su
    rmin=$(sed -n 's/.*region_min=\([0-9]*\).*/\1/p' "$d/insns.txt")
    rmax=$(sed -n 's/.*region_max=\([0-9]*\).*/\1/p' "$d/insns.txt")
    flash=$(arm-none-eabi-nm -S "$d/impl.o" | awk -v s="$train" '$4 == s { print $2 }')
    su=$(awk -v s="$train" '$0 ~ ":" s "\t" { print $2 }' "$d"/*.su | head -1)
    local cyc="" m c1 c2
    for m in m4-flash m4-ram; do
        c1=$(sed -n "s/^region 1 .* $m=\([0-9]*\).*/\1/p" "$d/cycles.txt")
        c2=$(sed -n "s/^region 2 .* $m=\([0-9]*\).*/\1/p" "$d/cycles.txt")
        cyc="$cyc cyc_$m=$((c2 - c1))"
    done
    printf '%s %d %s %s %.1f%s\n' "$((rmax - rmin))" "$((16#${flash:-0}))" "${su:-?}" "$out" \
        "$(echo "$t1 - $t0" | bc -l)" "$cyc"
}

results=$B/results.txt
: > "$results"
for net in c1_digits_cnn c2_har c3_separable; do
    if [ -n "${NETS:-}" ] && [[ " $NETS " != *" $net "* ]]; then continue; fi
    for budget in default ${BUDGETS:-262144 16384 4096}; do
        g=$B/$net/gen-$budget; mkdir -p "$g"
        opt=(); [ "$budget" != default ] && opt=(--flash-budget "$budget")
        t0=$(date +%s.%N)
        "$LUA" "$root/generator/flatprop.lua" -o "$g" "${opt[@]}" "$S/nets/$net.lua"
        t1=$(date +%s.%N)
        policy=$(sed -n 's/^ \* Unrolling: \([^;]*\);.*/\1/p' "$g/$net.c")
        est=$("$LUA" "$root/generator/flatprop.lua" --report "${opt[@]}" "$S/nets/$net.lua" \
            | sed -n 's/^estimate cortex-m4f: train_step flash \([0-9]*\) bytes, stack \([0-9]*\).*/\1 \2/p')
        r=$(run "$net" "$g" "gen-$budget" "${net}_train_step" "$g/$net.c")
        printf '%s gen %s | %s | gen %.2f s | estimate %s | %s\n' "$net" "$budget" "$r" \
            "$(echo "$t1 - $t0" | bc -l)" "${est:-?}" "$policy" >> "$results"
    done
    r=$(run "$net" "$B/$net/gen-default" base base_train_step "$S/${net}_base.c")
    echo "$net base | $r" >> "$results"
    echo "== $net done"
done
cat "$results"
