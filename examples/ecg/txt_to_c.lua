-- txt_to_c: the ECG recording (one integer a line, ADC units of 1/200 mV) as
-- a C source with one const int16_t array, so the example needs no file I/O.
-- Usage: lua txt_to_c.lua IN.txt OUT.c
local inp, out = arg[1], arg[2]
local v = {}
for line in io.lines(inp) do
    local n = tonumber(line)
    assert(n and n == math.floor(n) and n >= -32768 and n <= 32767,
        "expected one 16-bit integer a line in " .. inp)
    v[#v + 1] = string.format("%d", n)
end
local rows = {}
for i = 1, #v, 20 do
    rows[#rows + 1] = "    " .. table.concat(v, ",", i, math.min(i + 19, #v))
end
local f = assert(io.open(out, "wb"))
f:write("/* Written by examples/ecg/txt_to_c.lua from ecg208.txt.gz (MIT-BIH Arrhythmia\n",
    " * Database record 208, PhysioNet, ODC-By 1.0; see data/README.md). Do not edit. */\n",
    "#include \"ecg_data.h\"\n\n",
    string.format("const unsigned ecg_count = %d;\n\n", #v),
    string.format("const int16_t ecg_samples[%d] = {\n", #v),
    table.concat(rows, ",\n"), "\n};\n")
f:close()
