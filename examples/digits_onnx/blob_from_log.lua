-- blob_from_log: the parameters blob that train.c printed, back into a file.
-- Takes: LOG (the program's output; its "blob HEX" lines, in order) and OUT.
-- Gives: OUT, the blob's bytes; exit status 1, nothing written, when the log
-- has no blob lines or a line that is not hex.
local log, out = arg[1], arg[2]
local f = assert(io.open(log, "rb"))
local bytes = {}
for line in f:lines() do
    local hex = line:match("^blob (%x*)\r?$")
    if hex then
        if #hex % 2 ~= 0 then
            io.stderr:write(log, ": a blob line of odd length\n")
            os.exit(1)
        end
        bytes[#bytes + 1] = hex:gsub("%x%x", function(h) return string.char(tonumber(h, 16)) end)
    end
end
f:close()
if #bytes == 0 then
    io.stderr:write(log, ": no blob lines\n")
    os.exit(1)
end
f = assert(io.open(out, "wb"))
f:write(table.concat(bytes))
f:close()
