-- csv_to_c: the digits CSV (64 pixels 0..16 and a class per line) as a C
-- source with two const arrays, so examples need no file I/O or zlib.
-- Usage: lua csv_to_c.lua IN.csv OUT.c
local inp, out = arg[1], arg[2]
local pixels, labels = {}, {}
for line in io.lines(inp) do
    local v = {}
    for field in line:gmatch("[^,]+") do
        v[#v + 1] = assert(tonumber(field), "bad field in " .. inp)
    end
    assert(#v == 65, "expected 65 values a line in " .. inp)
    for i = 1, 64 do
        pixels[#pixels + 1] = string.format("%d", v[i])
    end
    labels[#labels + 1] = string.format("%d", v[65])
end
local n = #labels
local rows = {}
for i = 1, #pixels, 32 do
    rows[#rows + 1] = "    " .. table.concat(pixels, ",", i, math.min(i + 31, #pixels))
end
local f = assert(io.open(out, "wb"))
f:write("/* Written by examples/digits/csv_to_c.lua from digits.csv.gz (UCI optdigits,\n",
    " * E. Alpaydin and C. Kaynak, CC BY 4.0; see data/README.md). Do not edit. */\n",
    "#include \"digits_data.h\"\n\n",
    string.format("const unsigned digits_count = %d;\n\n", n),
    string.format("const unsigned char digits_pixels[%d] = {\n", #pixels),
    table.concat(rows, ",\n"), "\n};\n\n",
    string.format("const unsigned char digits_labels[%d] = {\n    ", n),
    table.concat(labels, ","), "\n};\n")
f:close()
