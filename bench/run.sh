#!/usr/bin/env bash
# The benchmarks, one command: builds every implementation of N1-N4, measures
# them and rewrites the tables in bench/README.md.
#
#   bash bench/run.sh [BUILD_DIR]        (default: build-bench/)
#
# Environment: NETS="n1_seed n3_32_64_32_8" measures a subset; STUDY=0 skips
# the study of unroll shapes (the slowest part), STUDY_OPTS="Os" studies one
# optimisation level (default "Os O2"); FULL_MAX (default 4096) is the largest
# layer the study unrolls fully.
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

# plugins and board objects (once)
Q=$root/bench/qemu
cc -O2 -shared -fPIC -fvisibility=hidden -o "$B/libinsncount.so" "$Q/insncount.c"
cc -O2 -std=c99 -shared -fPIC -fvisibility=hidden -o "$B/libcyclecount.so" "$Q/cyclecount.c" \
    "$Q/cycle_model.c" "$Q/thumb_decode.c"
# the cycle models every firmware runs under (labels as report.lua reads them):
# code in flash (STM32F4: 5 wait states, ART), in zero-wait RAM, and in RAM
# with the bare table timings for single loads and stores (no pipelining)
MODELS="model=m4-flash,model=m4-ram,model=m4-ram:ldst=table:name=m4-ram-table"
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

# The networks: bench/nets/NAME.lua | the hand-written baselines' -D dimensions
# (empty: the network has no baselines; then only the generated code is
# measured, on the Cortex-M4F) | "study" to measure its unroll shapes.
# To add a network, add its description to bench/nets/ and a line here.
nets=(
  "n1_seed|-DNL=2 -DBD0=2 -DBD1=3 -DBD2=1 -DBIAS=0|"
  "n2_8_16_16_4|-DNL=3 -DBD0=8 -DBD1=16 -DBD2=16 -DBD3=4 -DBIAS=1|study"
  "n3_32_64_32_8|-DNL=3 -DBD0=32 -DBD1=64 -DBD2=32 -DBD3=8 -DBIAS=1|study"
  "n4_64_128_64_10|-DNL=3 -DBD0=64 -DBD1=128 -DBD2=64 -DBD3=10 -DBIAS=1|study"
)
FULL_MAX=${FULL_MAX:-4096}

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
    local marks=start_sym=board_bench_begin,stop_sym=board_bench_end
    out=$(timeout 120 qemu-system-arm -M mps2-an386 -display none -chardev stdio,id=sh0 \
        -semihosting-config enable=on,target=native,chardev=sh0 \
        -plugin "$B/libinsncount.so,$marks,out=$d/insns.txt" \
        -plugin "$B/libcyclecount.so,$marks,$MODELS,out=$d/cycles.txt" \
        -kernel "$d/fw.elf")
    local rmin rmax
    rmin=$(sed -n 's/.*region_min=\([0-9]*\).*/\1/p' "$d/insns.txt")
    rmax=$(sed -n 's/.*region_max=\([0-9]*\).*/\1/p' "$d/insns.txt")
    # cycles: the call's region (2) minus the empty one (1), per model; and
    # for flash what of them is waiting for it
    local cyc="" m c1 c2 stall
    for m in m4-flash m4-ram m4-ram-table; do
        c1=$(sed -n "s/^region 1 .* $m=\([0-9]*\).*/\1/p" "$d/cycles.txt")
        c2=$(sed -n "s/^region 2 .* $m=\([0-9]*\).*/\1/p" "$d/cycles.txt")
        cyc="$cyc cyc_$m=$((c2 - c1))"
    done
    stall=$(sed -n 's/^detail 2 m4-flash .* fetch_stall=\([0-9]*\) data_stall=\([0-9]*\).*/stall_fetch=\1 stall_data=\2/p' \
        "$d/cycles.txt")
    # flash: the train_step symbol and any helper of its own file
    local flash
    if [[ "$impl" != a && "$impl" != b ]]; then # generated: train_step alone
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
    echo "$((rmax - rmin)) $flash ${su:-?} $out$cyc $stall"
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

# study NET DIMS: train_step in each unroll shape, -Os and -O2 on the M4F: every
# layer in the same shape, and each layer alone in each shape with the others
# as loops (the differences are what a per-layer policy needs). Layers over
# FULL_MAX parameters are not unrolled fully (minutes of gcc).
study() {
    local net=$1 dims=$2 names=() params=() line n i s tag shapes v
    while read -r line; do
        set -- $line
        names+=("$1"); params+=("$5")
        echo "$net layer $*" >> "$results" # NAME OP INPUTS OUTPUTS PARAMS
    done < <("$LUA" "$root/bench/variant.lua" --layers "$root/bench/nets/$net.lua")
    n=${#names[@]}
    fits() { [[ "${params[$1]}" == "?" ]] || [ "${params[$1]}" -le "$FULL_MAX" ]; }
    local variants=()
    for s in full rows loop; do
        if [ "$s" = full ]; then
            for ((i = 0; i < n; i++)); do fits $i || continue 2; done
        fi
        shapes=(); for ((i = 0; i < n; i++)); do shapes+=("$s"); done
        variants+=("${shapes[*]}")
    done
    for ((i = 0; i < n; i++)); do
        for s in full rows; do
            [ "$s" = full ] && ! fits $i && continue
            shapes=(); for ((k = 0; k < n; k++)); do shapes+=(loop); done
            shapes[$i]=$s
            variants+=("${shapes[*]}")
        done
    done
    for v in "${variants[@]}"; do
        tag=${v// /_}
        local name=${net}_v_$tag dir=$B/$net/shape-$tag opt
        mkdir -p "$dir"
        "$LUA" "$root/bench/variant.lua" "$root/bench/nets/$net.lua" "$dir/$name.lua" "$name" $v
        "$LUA" "$root/generator/flatprop.lua" -o "$dir" "$dir/$name.lua"
        for opt in ${STUDY_OPTS:-Os O2}; do
            r=$(HEADER=$name.h GEN=$dir run_fw "$net" shape-$tag $opt \
                "$(fw_dims "$net" "$dims" "$name")" "${name}_train_step" "$dir/$name.c")
            echo "$net shape $opt ${v// /,} | $r" >> "$results"
        done
    done
}

# sensitivity NET: the -Os and -O2 firmware of gen, (a) and (b) again under
# other model parameters (flash wait states, no prefetch, no cache, the
# branch refill P), all in one QEMU run each
SENS_MODELS="model=m4-flash,model=m4-flash:ws=3:name=ws3,model=m4-flash:ws=7:name=ws7"
SENS_MODELS="$SENS_MODELS,model=m4-flash:prefetch=0:name=no-prefetch"
SENS_MODELS="$SENS_MODELS,model=m4-flash:icache=0:dcache=0:name=no-cache,model=m4-ram"
SENS_MODELS="$SENS_MODELS,model=m4-ram:refill=1:name=ram-p1,model=m4-ram:refill=3:name=ram-p3"
sensitivity() {
    local net=$1 opt impl d line m c1 c2
    for opt in Os O2; do
        for impl in gen a b; do
            d=$B/$net/m4-$opt-$impl
            [ -f "$d/fw.elf" ] || continue
            timeout 120 qemu-system-arm -M mps2-an386 -display none -chardev stdio,id=sh0 \
                -semihosting-config enable=on,target=native,chardev=sh0 \
                -plugin "$B/libcyclecount.so,start_sym=board_bench_begin,stop_sym=board_bench_end,$SENS_MODELS,out=$d/sens.txt" \
                -kernel "$d/fw.elf" > /dev/null
            line="$net sens $opt $impl"
            for m in m4-flash ws3 ws7 no-prefetch no-cache m4-ram ram-p1 ram-p3; do
                c1=$(sed -n "s/^region 1 .* $m=\([0-9]*\).*/\1/p" "$d/sens.txt")
                c2=$(sed -n "s/^region 2 .* $m=\([0-9]*\).*/\1/p" "$d/sens.txt")
                line="$line $m=$((c2 - c1))"
            done
            echo "$line" >> "$results"
        done
    done
}

# fw_dims NET DIMS NAME: the -D sizes for fw_main.c (the baselines' or, for a
# network without baselines, the generated header's)
fw_dims() {
    if [ -n "$2" ]; then
        echo "$2"
    else
        local up; up=$(echo "$3" | tr '[:lower:]' '[:upper:]')
        echo "-DN_PARAMS=${up}_N_PARAMS -DBD0=${up}_N_INPUTS -DD_OUT=${up}_N_OUTPUTS"
    fi
}

for entry in "${nets[@]}"; do
    IFS='|' read -r net dims study_it <<< "$entry"
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
        r=$(HEADER=$v.h GEN=$B/$net/gen-$budget run_fw "$net" gen-$budget Os \
            "$(fw_dims "$net" "$dims" "$v")" "${v}_train_step" "$B/$net/gen-$budget/$v.c")
        echo "$net budget $budget | $r | $policy" >> "$results"
    done
    nparams=$(sed -n "s/^#define [A-Z0-9_]*_N_PARAMS *\([0-9]*\).*/\1/p" "$B/$net/gen/$net.h")
    for opt in Os O2; do
        g=$(HEADER=$net.h run_fw "$net" gen $opt "$(fw_dims "$net" "$dims" "$net")" \
            "${net}_train_step" "$B/$net/gen/$net.c")
        a=-; b=-
        if [ -n "$dims" ]; then
            a=$(run_fw "$net" a $opt "$dims" base_a_train_step "$S/base_a.c")
            b=$(run_fw "$net" b $opt "$dims" base_b_train_step "$S/base_b.c")
        fi
        echo "$net m4 $opt $nparams | $g | $a | $b" >> "$results"
    done
    sensitivity "$net"
    if [ "$study_it" = study ] && [ "${STUDY:-1}" != 0 ]; then
        study "$net" "$dims"
    fi
    if [ -z "$dims" ]; then # the host comparisons need the baselines
        echo "$net compile $gen_s $cc_s" >> "$results"
        echo "== $net done"
        continue
    fi
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
