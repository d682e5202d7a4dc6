#!/usr/bin/env bash
# The microcontroller cost report in one command: builds the bench firmware
# of bench/mcu for every supported core, the Cortex-M4F (mps2-an386),
# Cortex-M0 (microbit), Cortex-M7 (mps2-an500), Cortex-M55 (mps3-an547), rv32imac and rv32imafc (QEMU virt), the ATmega2560
# and ATmega328P (simavr), runs each under QEMU with the insncount plugin or
# under flatprop_simavr_run, and prints a Markdown report on stdout (also
# written to BUILD_ROOT/report.md):
#
#   bench/mcu/report.sh [BUILD_ROOT]      (default: build-mcu-report)
#   FLATPROP_REPORT_CORES="m4f rv32imafc" bench/mcu/report.sh   (some cores only)
#
# Per network and core: flash bytes of each generated function (nm -S on the
# linked firmware), static RAM of the generated code (size of its object) and
# of the whole bench firmware, the stack of each generated function
# (-fstack-usage .su), the stack train_step really used (stack painting under
# QEMU: includes libgcc's soft-float helpers on the M0), and the instructions
# executed by one forward and one train_step (QEMU plugin, marker overhead
# subtracted; on the AVRs simavr's instructions and its exact cycles). Then
# the generator's --report estimates (Cortex-M only) against the
# measurements. Needs the packages of .ci/deps.
set -euo pipefail
root_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_root=${1:-$root_dir/build-mcu-report}
mkdir -p "$build_root"
build_root=$(cd "$build_root" && pwd)
lua=$(command -v lua5.4 || command -v lua5.3 || command -v luajit || command -v lua5.1 || command -v lua)
jobs=$(nproc 2>/dev/null || echo 2)

cores=${FLATPROP_REPORT_CORES:-"m4f m0 m7 m55 rv32imac rv32imafc atmega2560 atmega328p"}
nets="n1_seed xor n2_8_16_16_4 n3_32_64_32_8"
fns="init forward loss gradient backward train_step"

toolchain() { # core -> toolchain file name
    case $1 in
        m4f | m0 | m7 | m55) echo "cortex-$1" ;;
        rv32*) echo "riscv-$1" ;;
        atmega*) echo "avr-$1" ;;
        *) echo "bench/mcu/report.sh: unknown core '$1'" >&2; exit 2 ;;
    esac
}

binutils() { # core -> binutils prefix
    case $1 in
        m4f | m0 | m7 | m55) echo arm-none-eabi- ;;
        rv32*) echo riscv64-unknown-elf- ;;
        atmega*) echo avr- ;;
    esac
}

ram_bytes() { # core -> RAM of the board
    case $1 in
        m0) echo 16384 ;;
        m55) echo 524288 ;;
        atmega2560) echo 8192 ;;
        atmega328p) echo 2048 ;;
        *) echo 4194304 ;;
    esac
}

description() {
    case $1 in
        xor) echo "$root_dir/tests/c/xor.lua" ;;
        *) echo "$root_dir/bench/nets/$1.lua" ;;
    esac
}

for core in $cores; do
    counter=mcu_insncount_plugin
    case $core in atmega*) counter=flatprop_simavr_runner ;; esac
    cmake -S "$root_dir" -B "$build_root/$core" -G Ninja \
        -DCMAKE_TOOLCHAIN_FILE="$root_dir/cmake/toolchains/$(toolchain "$core").cmake" \
        -DFLATPROP_BUILD_TESTS=OFF >"$build_root/$core.configure.log"
    cmake --build "$build_root/$core" -j"$jobs" --target mcu_bench "$counter" \
        >"$build_root/$core.build.log"
done

semihosting=(-display none -chardev "stdio,id=sh0" -semihosting-config "enable=on,target=native,chardev=sh0")
run_counted() { # core elf counts-file: run the firmware, counting between the markers
    local markers=start_sym=board_bench_begin,stop_sym=board_bench_end plugin
    plugin="$(dirname "$2")/libinsncount.so,$markers,out=$3"
    case $1 in
        m4f) timeout 120 qemu-system-arm -M mps2-an386 "${semihosting[@]}" -plugin "$plugin" -kernel "$2" ;;
        m0) timeout 120 qemu-system-arm -M microbit "${semihosting[@]}" -plugin "$plugin" -kernel "$2" ;;
        m7) timeout 120 qemu-system-arm -M mps2-an500 "${semihosting[@]}" -plugin "$plugin" -kernel "$2" ;;
        m55) timeout 120 qemu-system-arm -M mps3-an547 "${semihosting[@]}" -plugin "$plugin" -kernel "$2" ;;
        rv32imac) timeout 120 qemu-system-riscv32 -M virt -cpu rv32,f=off,d=off -bios none \
            "${semihosting[@]}" -plugin "$plugin" -kernel "$2" ;;
        rv32imafc) timeout 120 qemu-system-riscv32 -M virt -cpu rv32,d=off -bios none \
            "${semihosting[@]}" -plugin "$plugin" -kernel "$2" ;;
        atmega*) timeout 120 "$build_root/$1/flatprop_simavr_run" --mcu "$1" \
            --count "$markers,out=$3" "$2" ;;
    esac
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
            ram=$(ram_bytes "$core")
            if [ $((params * 4)) -gt "$ram" ]; then
                why="$((params * 4)) bytes of parameters alone"
            elif [ $((params * 8)) -gt "$ram" ]; then
                why="$((params * 8)) bytes of parameters and gradient"
            else
                why="the fully unrolled code is larger than the flash"
            fi
            measure_rows+="| $net | $core | $params | does not fit: $why | | | | | | | |"$'\n'
            continue
        fi
        out=$(run_counted "$core" "$elf" "$dir/$net.report.insns")
        painted=$(echo "$out" | sed -n 's/.*train_step_stack_painted=\([0-9]*\).*/\1/p')
        read -r rmin rmax rsum < <(sed -n 's/^region_count=[0-9]* region_min=\([0-9]*\) region_max=\([0-9]*\) region_sum=\([0-9]*\).*/\1 \2 \3/p' "$dir/$net.report.insns")
        train_insns=$((rmax - rmin))
        fwd_insns=$((rsum - rmax - 2 * rmin))
        train_cycles=- fwd_cycles=-
        if grep -q '^cycles_region_min=' "$dir/$net.report.insns"; then
            read -r cmin cmax csum < <(sed -n 's/^cycles_region_min=\([0-9]*\) cycles_region_max=\([0-9]*\) cycles_region_sum=\([0-9]*\).*/\1 \2 \3/p' "$dir/$net.report.insns")
            train_cycles=$((cmax - cmin))
            fwd_cycles=$((csum - cmax - 2 * cmin))
        fi
        bu=$(binutils "$core")
        declare -A flash=() su=()
        while read -r _ size _ sym; do
            flash[${sym#"${net}"_}]=$(hex2dec "$size")
        done < <("${bu}nm" -S --defined-only "$elf" | grep -E " T ${net}_[a-z_]+$")
        obj=$(find "$build_root/$core/bench/mcu/CMakeFiles/mcu_bench_${net}_net.dir" -name "$net.c.obj" -o -name "$net.c.o" | head -1)
        sufile="${obj%.obj}"; sufile="${sufile%.o}.su"
        while IFS=$'\t' read -r loc bytes _; do
            su[${loc##*:"${net}"_}]=$bytes
        done <"$sufile"
        read -r _ gdata gbss _ < <("${bu}size" "$obj" | tail -1)
        read -r _ fdata fbss _ < <("${bu}size" "$elf" | tail -1)
        flash_cells="" su_cells=""
        for f in $fns; do
            flash_cells+="${flash[$f]:-?} / "
            su_cells+="${su[$f]:-?} / "
        done
        measure_rows+="| $net | $core | $params | ${flash_cells% / } | $((gdata + gbss)) / $((fdata + fbss))"
        measure_rows+=" | ${su_cells% / } | $painted | $fwd_insns | $train_insns"
        measure_rows+=" | $fwd_cycles | $train_cycles |"$'\n'
        if [ "$core" != m4f ] && [ "$core" != m0 ]; then # --report estimates the Cortex-M only
            unset flash su
            continue
        fi
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
    echo "Measured by \`bench/mcu/report.sh\` (-O2 -ffp-contract=off;" \
         "arm-none-eabi-gcc $(arm-none-eabi-gcc -dumpversion) with newlib-nano," \
         "riscv64-unknown-elf-gcc $(riscv64-unknown-elf-gcc -dumpversion) with picolibc," \
         "avr-gcc $(avr-gcc -dumpversion) with avr-libc;" \
         "$(qemu-system-arm --version | head -1 | sed 's/ (.*//'), simavr $(dpkg-query -W -f='${Version}' libsimavr-dev 2>/dev/null | sed 's/+.*//'))."
    echo
    echo "| network | core | params | flash bytes: init / forward / loss / gradient / backward / train_step" \
         "| static RAM bytes: generated code / bench firmware" \
         "| stack bytes (.su): init / forward / loss / gradient / backward / train_step" \
         "| train_step stack, painted | instructions: forward | instructions: train_step" \
         "| cycles: forward | cycles: train_step |"
    echo "|---|---|--:|---|---|---|--:|--:|--:|--:|--:|"
    printf '%s' "$measure_rows"
    echo
    echo "| network | core | train_step flash: estimate | linked | error | train_step stack: estimate | .su | error |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|"
    printf '%s' "$estimate_rows"
} | tee "$build_root/report.md"
