#!/usr/bin/env bash
# The benchmarks, one command: builds every implementation of N1-N4, measures
# them and rewrites the tables in bench/README.md.
#
#   bash bench/run.sh [BUILD_DIR]        (default: build-bench/)
#
# Needs lua5.4 (or FLATPROP_LUA), gcc, arm-none-eabi-gcc, qemu-system-arm,
# valgrind; g++ and libeigen3-dev for the Eigen column (skipped without them).
# It reports and never fails on a slow number.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
B=$(realpath -m "${1:-$root/build-bench}")
LUA=${FLATPROP_LUA:-$(command -v lua5.4 || command -v luajit || command -v lua)}
mkdir -p "$B"
S=$root/bench/src
M4="-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard"
CFLAGS_M4="$M4 -ffp-contract=off -ffunction-sections -fdata-sections -std=c99 -Wall -Wextra -Wdouble-promotion"
HOSTFLAGS="-ffp-contract=off -std=c99 -Wall -Wextra"
EIGEN_INC=/usr/include/eigen3
now() { date +%s.%N; }

# plugin and board objects (once)
cc -O2 -shared -fPIC -fvisibility=hidden -o "$B/libinsncount.so" "$root/bench/qemu/insncount.c"
for opt in Os O2; do
    mkdir -p "$B/board-$opt"
    for f in startup semihost format stack markers; do
        arm-none-eabi-gcc $CFLAGS_M4 -$opt -I"$root/boards/include" -c "$root/boards/common/$f.c" \
            -o "$B/board-$opt/$f.o"
    done
    for f in "$root"/runtime/src/*.c; do
        arm-none-eabi-gcc $CFLAGS_M4 -$opt -I"$root/runtime/include" -c "$f" \
            -o "$B/board-$opt/rt_$(basename "$f" .c).o"
    done
done

# name | -D dimensions | dense parameter count
nets=(
  "n1_seed|-DNL=2 -DBD0=2 -DBD1=3 -DBD2=1 -DBIAS=0"
  "n2_8_16_16_4|-DNL=3 -DBD0=8 -DBD1=16 -DBD2=16 -DBD3=4 -DBIAS=1"
  "n3_32_64_32_8|-DNL=3 -DBD0=32 -DBD1=64 -DBD2=32 -DBD3=8 -DBIAS=1"
  "n4_64_128_64_10|-DNL=3 -DBD0=64 -DBD1=128 -DBD2=64 -DBD3=10 -DBIAS=1"
)

results=$B/results.txt
: > "$results"
# run_fw NET IMPL OPT SRC... : prints "insns stack output"
run_fw() {
    local net=$1 impl=$2 opt=$3 dims=$4 train=$5; shift 5
    local d=$B/$net/m4-$opt-$impl; mkdir -p "$d"
    local objs=()
    for src in "$@"; do
        local o=$d/$(basename "$src" .c).o
        arm-none-eabi-gcc $CFLAGS_M4 -$opt -fstack-usage $dims -I"$S" -I"${GEN:-$B/$net/gen}" \
            -I"$root/runtime/include" -c "$src" -o "$o"
        objs+=("$o")
    done
    arm-none-eabi-gcc $CFLAGS_M4 -$opt $dims -I"$S" -I"${GEN:-$B/$net/gen}" -I"$root/runtime/include" \
        -I"$root/boards/include" -DTRAIN="$train" ${HEADER:+-DHEADER="\"$HEADER\""} \
        -c "$S/fw_main.c" -o "$d/fw_main.o"
    arm-none-eabi-gcc $M4 -specs=nano.specs -nostartfiles -Wl,--gc-sections \
        -L"$root/boards/ld" -Tmps2-an386.ld -Wl,--defsym=__stack_size=0x4000 \
        -o "$d/fw.elf" "$d/fw_main.o" "${objs[@]}" "$B"/board-$opt/*.o -lm -lc -lgcc
    local out
    out=$(timeout 120 qemu-system-arm -M mps2-an386 -display none -chardev stdio,id=sh0 \
        -semihosting-config enable=on,target=native,chardev=sh0 \
        -plugin "$B/libinsncount.so,start_sym=board_bench_begin,stop_sym=board_bench_end,out=$d/insns.txt" \
        -kernel "$d/fw.elf")
    local rmin rmax
    rmin=$(sed -n 's/.*region_min=\([0-9]*\).*/\1/p' "$d/insns.txt")
    rmax=$(sed -n 's/.*region_max=\([0-9]*\).*/\1/p' "$d/insns.txt")
    # flash: the train_step symbol and any helper of its own file
    local flash
    if [[ "$impl" == gen* ]]; then
        flash=$(arm-none-eabi-nm -S "${objs[0]}" | awk -v s="${train}" '$4 == s { print $2 }')
        flash=$((16#$flash))
    else
        flash=0
        for h in $(arm-none-eabi-nm -S "${objs[0]}" | awk '$3 ~ /^[Tt]$/ { print $2 }'); do
            flash=$((flash + 16#$h))
        done
    fi
    local su
    su=$(awk -v s="$train" '$0 ~ ":" s "\t" { print $2 }' "$d"/*.su | head -1)
    echo "$((rmax - rmin)) $flash ${su:-?} $out"
}

host_insns() { # NET IMPL DIMS TRAIN SRC...
    local net=$1 impl=$2 dims=$3 train=$4; shift 4
    local d=$B/$net/host-$impl; mkdir -p "$d"
    gcc -O2 $HOSTFLAGS $dims -I"$S" -I"$B/$net/gen" -I"$root/runtime/include" -DTRAIN="$train" \
        ${HEADER:+-DHEADER="\"$HEADER\""} -o "$d/prog" "$S/host_main.c" "$@" \
        "$root"/runtime/src/*.c -lm
    valgrind --tool=callgrind --callgrind-out-file="$d/cg.out" --toggle-collect="$train" \
        "$d/prog" > "$d/out.txt" 2> "$d/vg.txt"
    local ir
    ir=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$d/cg.out")
    echo $((ir / 20))
}

for entry in "${nets[@]}"; do
    net=${entry%%|*}; dims=${entry#*|}
    if [ -n "${NETS:-}" ] && [[ " $NETS " != *" $net "* ]]; then continue; fi
    mkdir -p "$B/$net/gen"
    t0=$(now)
    "$LUA" "$root/generator/flatprop.lua" -o "$B/$net/gen" "$root/bench/nets/$net.lua"
    t1=$(now)
    gcc -O2 $HOSTFLAGS -I"$root/runtime/include" -c "$B/$net/gen/$net.c" -o "$B/$net/gen/$net.o"
    t2=$(now)
    gen_s=$(echo "$t1 - $t0" | bc -l); cc_s=$(echo "$t2 - $t1" | bc -l)
    # the same network under flash budgets (the unroll policy), -Os on M4F
    for budget in 262144 65536 16384 8192 1; do
        v=${net}_b$budget
        mkdir -p "$B/$net/gen-$budget"
        "$LUA" "$root/generator/flatprop.lua" -o "$B/$net/gen-$budget" --name "$v" \
            --flash-budget $budget "$root/bench/nets/$net.lua"
        policy=$(sed -n 's/^ \* Unrolling: \([^;]*\);.*/\1/p' "$B/$net/gen-$budget/$v.c")
        r=$(HEADER=$v.h GEN=$B/$net/gen-$budget run_fw "$net" gen-$budget Os "$dims" \
            "${v}_train_step" "$B/$net/gen-$budget/$v.c")
        echo "$net budget $budget | $r | $policy" >> "$results"
    done
    nparams=$(sed -n "s/^#define [A-Z0-9_]*_N_PARAMS *\([0-9]*\).*/\1/p" "$B/$net/gen/$net.h")
    for opt in Os O2; do
        g=$(HEADER=$net.h run_fw "$net" gen $opt "$dims" "${net}_train_step" "$B/$net/gen/$net.c")
        a=$(run_fw "$net" a $opt "$dims" base_a_train_step "$S/base_a.c")
        b=$(run_fw "$net" b $opt "$dims" base_b_train_step "$S/base_b.c")
        echo "$net m4 $opt $nparams | $g | $a | $b" >> "$results"
    done
    hg=$(HEADER=$net.h host_insns "$net" gen "$dims" "${net}_train_step" "$B/$net/gen/$net.c")
    ha=$(host_insns "$net" a "$dims" base_a_train_step "$S/base_a.c")
    hb=$(host_insns "$net" b "$dims" base_b_train_step "$S/base_b.c")
    echo "$net host_insns $hg $ha $hb" >> "$results"
    # host time, -O3 -march=native for everything
    d=$B/$net/time; mkdir -p "$d"
    objs=()
    for src in "$B/$net/gen/$net.c" "$B/$net/gen-1/${net}_b1.c" "$S/base_a.c" "$S/base_b.c"; do
        o=$d/$(basename "$src" .c).o
        gcc -O3 -march=native $HOSTFLAGS $dims -I"$S" -I"$root/runtime/include" -c "$src" -o "$o"
        objs+=("$o")
    done
    eig=
    if [ -d "$EIGEN_INC" ] && command -v g++ > /dev/null; then
        g++ -O3 -march=native -ffp-contract=off -DNDEBUG -w $dims -I"$S" -I"$EIGEN_INC" \
            -c "$S/eigen_impl.cpp" -o "$d/eigen.o"
        objs+=("$d/eigen.o"); eig=-DHAVE_EIGEN
    fi
    for f in "$root"/runtime/src/*.c; do
        gcc -O2 $HOSTFLAGS -I"$root/runtime/include" -c "$f" -o "$d/rt_$(basename "$f" .c).o"
        objs+=("$d/rt_$(basename "$f" .c).o")
    done
    g++ -O3 -march=native $eig $dims -I"$S" -I"$B/$net/gen" -I"$root/runtime/include" \
        -I"$B/$net/gen-1" -DTRAIN="${net}_train_step" -DHEADER="\"$net.h\"" \
        -DTRAIN_LOOP="${net}_b1_train_step" -DHEADER_LOOP="\"${net}_b1.h\"" \
        -o "$d/time" "$S/time_main.cpp" "${objs[@]}"
    times=$("$d/time" | tr '\n' ' ')
    echo "$net host_time $times" >> "$results"
    echo "$net compile $gen_s $cc_s" >> "$results"
    echo "== $net done"
done
"$LUA" "$root/bench/report.lua" "$results" "$root/bench/README.md"
cat "$results"
