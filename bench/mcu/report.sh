#!/usr/bin/env bash
# The Cortex-M cost report in one command: builds the bench firmware of
# bench/mcu for the Cortex-M4F (mps2-an386) and the Cortex-M0 (microbit),
# runs each under QEMU with the insncount plugin, and prints a Markdown
# report on stdout (also written to BUILD_ROOT/report.md):
#
#   bench/mcu/report.sh [BUILD_ROOT]      (default: build-mcu-report)
#
# Per network and core: flash bytes of each generated function (nm -S on the
# linked firmware), static RAM of the generated code (size of its object) and
# of the whole bench firmware, the stack of each generated function
# (-fstack-usage .su), the stack train_step really used (stack painting under
# QEMU: includes libgcc's soft-float helpers on the M0), and the instructions
# executed by one forward and one train_step (QEMU plugin, marker overhead
# subtracted). Then the generator's --report estimates against the
# measurements. Needs the packages of .ci/deps.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_root=${1:-$root_dir/build-mcu-report}
mkdir -p "$build_root"
build_root=$(cd "$build_root" && pwd)
lua=$(command -v lua5.4 || command -v lua5.3 || command -v luajit || command -v lua5.1 || command -v lua)
jobs=$(nproc 2>/dev/null || echo 2)

cores="m4f m0"
nets="n1_seed xor n2_8_16_16_4 n3_32_64_32_8"
fns="init forward loss gradient backward train_step"

description() {
    case $1 in
        xor) echo "$root_dir/tests/c/xor.lua" ;;
        *) echo "$root_dir/bench/nets/$1.lua" ;;
    esac
}

for core in $cores; do
    cmake -S "$root_dir" -B "$build_root/$core" -G Ninja \
        -DCMAKE_TOOLCHAIN_FILE="$root_dir/cmake/toolchains/cortex-$core.cmake" \
        -DFLATPROP_BUILD_TESTS=OFF >"$build_root/$core.configure.log"
    cmake --build "$build_root/$core" -j"$jobs" --target mcu_bench mcu_insncount_plugin \
        >"$build_root/$core.build.log"
done

emulator() { # core -> QEMU command line up to (not including) -kernel
    local machine
    case $1 in m4f) machine=mps2-an386 ;; m0) machine=microbit ;; esac
    echo "qemu-system-arm -M $machine -display none -chardev stdio,id=sh0" \
         "-semihosting-config enable=on,target=native,chardev=sh0"
}

hex2dec() { printf '%d' "0x$1"; }

measure_rows=""
estimate_rows=""
for core in $cores; do
    dir=$build_root/$core/bench/mcu
    for net in $nets; do
        elf=$dir/mcu_bench_$net.elf
        est=$("$lua" "$root_dir/generator/flatprop.lua" --report "$(description "$net")")
        params=$(echo "$est" | sed -n 's/^parameters: \([0-9]*\).*/\1/p')
        if [ ! -f "$elf" ]; then
            measure_rows+="| $net | $core | $params | does not fit: $((params * 4)) bytes of"
            measure_rows+=" parameters alone | | | | | |"$'\n'
            continue
        fi
        out=$(timeout 120 $(emulator "$core") \
            -plugin "$dir/libinsncount.so,start_sym=board_bench_begin,stop_sym=board_bench_end,out=$dir/$net.report.insns" \
            -kernel "$elf")
        painted=$(echo "$out" | sed -n 's/.*train_step_stack_painted=\([0-9]*\).*/\1/p')
        read -r rmin rmax rsum < <(sed -n 's/.*region_min=\([0-9]*\) region_max=\([0-9]*\) region_sum=\([0-9]*\).*/\1 \2 \3/p' "$dir/$net.report.insns")
        train_insns=$((rmax - rmin))
        fwd_insns=$((rsum - rmax - 2 * rmin))
        declare -A flash=() su=()
        while read -r _ size _ sym; do
            flash[${sym#"${net}"_}]=$(hex2dec "$size")
        done < <(arm-none-eabi-nm -S --defined-only "$elf" | grep -E " T ${net}_[a-z_]+$")
        obj=$(find "$build_root/$core/bench/mcu/CMakeFiles/mcu_bench_${net}_net.dir" -name "$net.c.obj" -o -name "$net.c.o" | head -1)
        sufile="${obj%.obj}"; sufile="${sufile%.o}.su"
        while IFS=$'\t' read -r loc bytes _; do
            su[${loc##*:"${net}"_}]=$bytes
        done <"$sufile"
        read -r _ gdata gbss _ < <(arm-none-eabi-size "$obj" | tail -1)
        read -r _ fdata fbss _ < <(arm-none-eabi-size "$elf" | tail -1)
        flash_cells="" su_cells=""
        for f in $fns; do
            flash_cells+="${flash[$f]:-?} / "
            su_cells+="${su[$f]:-?} / "
        done
        measure_rows+="| $net | $core | $params | ${flash_cells% / } | $((gdata + gbss)) / $((fdata + fbss))"
        measure_rows+=" | ${su_cells% / } | $painted | $fwd_insns | $train_insns |"$'\n'
        ef=$(echo "$est" | sed -n "s/^estimate cortex-$core: train_step flash \([0-9]*\) bytes, stack \([0-9]*\) bytes.*/\1/p")
        es=$(echo "$est" | sed -n "s/^estimate cortex-$core: train_step flash \([0-9]*\) bytes, stack \([0-9]*\) bytes.*/\2/p")
        mf=${flash[train_step]}
        ms=${su[train_step]}
        pct() { awk -v e="$1" -v m="$2" 'BEGIN { if (m == 0) { print "-" } else { printf "%+.0f %%", 100 * (e - m) / m } }'; }
        estimate_rows+="| $net | $core | $ef | $mf | $(pct "$ef" "$mf") | $es | $ms | $(pct "$es" "$ms") |"$'\n'
        unset flash su
    done
done

{
    echo "Measured by \`bench/mcu/report.sh\` (arm-none-eabi-gcc $(arm-none-eabi-gcc -dumpversion)," \
         "-O2 -ffp-contract=off, newlib-nano; $(qemu-system-arm --version | head -1 | sed 's/ (.*//'))."
    echo
    echo "| network | core | params | flash bytes: init / forward / loss / gradient / backward / train_step" \
         "| static RAM bytes: generated code / bench firmware" \
         "| stack bytes (.su): init / forward / loss / gradient / backward / train_step" \
         "| train_step stack, painted | instructions: forward | instructions: train_step |"
    echo "|---|---|--:|---|---|---|--:|--:|--:|"
    printf '%s' "$measure_rows"
    echo
    echo "| network | core | train_step flash: estimate | linked | error | train_step stack: estimate | .su | error |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|"
    printf '%s' "$estimate_rows"
} | tee "$build_root/report.md"
