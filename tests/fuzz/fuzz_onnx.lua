-- fuzz_onnx: mutated ONNX files through the whole generator, in-process.
-- Takes: [COUNT] [SEED] on the command line. Gives: "N passed, M failed".
--
-- Each case mutates one of the valid models under tests/onnx/models and
-- examples/digits_onnx. The file is parsed here, without a schema, into its
-- protobuf fields (a length-delimited field whose bytes parse as fields is
-- taken as a message), so the mutations can be structural: fields removed,
-- duplicated, swapped, renumbered, given another wire type, varints
-- replaced by edge values (0, 2^31, 2^53, -1, overlong, more than 10 bytes),
-- lengths made wrong; then on the bytes: bit flips, truncation, spans
-- duplicated or deleted. The generator (`--loss L -o DIR FILE.onnx`) must
-- exit 0 and write exactly NAME.h and NAME.c, or exit 1 with exactly one
-- line on stderr starting with the file's name and a colon, no traceback,
-- no internal error, no file written, within an instruction budget (a hang
-- is a failure; counted by a debug hook, not by time). The mutations come
-- from a fixed-seed generator: every run, on every Lua, tries the same cases.
local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
local root = here .. "/../.."
package.path = root .. "/generator/?.lua;" .. root .. "/generator/?/init.lua;" .. package.path

local driver = require("flatprop.driver")

local count = tonumber(arg[1] or "300")
local state = tonumber(arg[2] or "4242")

-- VM instructions one case may take (a valid base takes well under 1e8).
local BUDGET = 3 * 100 * 1000 * 1000
local HOOK_STEP = 1000

local function rand(n) -- 1..n
    state = (state * 48271) % 2147483647
    return 1 + state % n
end

local function read(path)
    local f = assert(io.open(path, "rb"))
    local s = f:read("*a")
    f:close()
    return s
end

-- Bases: { bytes, loss }. --max-params keeps the C of the valid cases small.
local M = root .. "/tests/onnx/models/"
local bases = {
    { read(M .. "softmax.onnx"), "softmax_cross_entropy" },
    { read(M .. "matmul_add.onnx"), "mse" },
    { read(M .. "conv1d_helper.onnx"), "mse" },
    { read(M .. "conv2d_bn.onnx"), "mse" },
    { read(M .. "conv_auto_pad.onnx"), "mse" },
    { read(root .. "/examples/digits_onnx/digits_onnx.onnx"), "softmax_cross_entropy" },
}

---------------------------------------------------------------------------
-- The wire format, schema-less

local function varint_bytes(v) -- 0 <= v <= 2^53
    local out = {}
    repeat
        local b = v % 128
        v = (v - b) / 128
        out[#out + 1] = string.char(v > 0 and b + 128 or b)
    until v == 0
    return table.concat(out)
end

-- A varint at s[i..j]: value (nil beyond 2^53 or malformed) and next i.
local function read_varint(s, i, j)
    local v, mul = 0, 1
    for n = 1, 10 do
        if i > j then
            return nil
        end
        local b = s:byte(i)
        i = i + 1
        v = v + (b % 128) * mul
        mul = mul * 128
        if b < 128 then
            return v <= 2 ^ 53 and v or nil, i
        end
        if n == 10 then
            return nil
        end
    end
end

-- s[i..j] as a list of fields { num, wt, raw | data, sub }, or nil.
local function parse(s, i, j, depth)
    local fields = {}
    while i <= j do
        local key
        key, i = read_varint(s, i, j)
        if not key or key < 8 or key > 8 * 64 then
            return nil
        end
        local f = { num = math.floor(key / 8), wt = key % 8 }
        if f.wt == 0 then
            local start = i
            local _
            _, i = read_varint(s, i, j)
            if not i then
                return nil
            end
            f.raw = s:sub(start, i - 1)
        elseif f.wt == 1 or f.wt == 5 then
            local n = f.wt == 1 and 8 or 4
            if i + n - 1 > j then
                return nil
            end
            f.raw = s:sub(i, i + n - 1)
            i = i + n
        elseif f.wt == 2 then
            local n
            n, i = read_varint(s, i, j)
            if not n or n > j - i + 1 then
                return nil
            end
            f.data = s:sub(i, i + n - 1)
            if depth < 8 and n > 0 then
                f.sub = parse(s, i, i + n - 1, depth + 1)
            end
            i = i + n
        else
            return nil
        end
        fields[#fields + 1] = f
    end
    return fields
end

local function serialize(fields)
    local out = {}
    for _, f in ipairs(fields) do
        out[#out + 1] = f.key or varint_bytes(f.num * 8 + f.wt)
        if f.wt == 2 then
            local content = f.sub and serialize(f.sub) or f.data
            out[#out + 1] = f.len or varint_bytes(#content)
            out[#out + 1] = content
        else
            out[#out + 1] = f.raw
        end
    end
    return table.concat(out)
end

local function copy(fields)
    local out = {}
    for k, f in ipairs(fields) do
        local g = {}
        for key, v in pairs(f) do
            g[key] = v
        end
        if f.sub then
            g.sub = copy(f.sub)
        end
        out[k] = g
    end
    return out
end

-- Every message (list of fields) in the tree, the top one first.
local function messages(fields, list)
    list = list or {}
    list[#list + 1] = fields
    for _, f in ipairs(fields) do
        if f.sub then
            messages(f.sub, list)
        end
    end
    return list
end

-- Varints at the edges: small, int32's and 2^53's limits, -1 and 2^63 as
-- ten bytes, overlong zero, eleven bytes, a lone continuation byte.
local EDGES = {
    "\0", "\1", "\2", "\127", "\128\1", "\255\1", "\255\255\255\255\7", "\128\128\128\128\8",
    "\128\128\128\128\16", varint_bytes(2 ^ 53), varint_bytes(2 ^ 40),
    "\129\128\128\128\128\128\128\128\16", -- 2^53 + 1
    "\255\255\255\255\255\255\255\255\255\1", -- -1
    "\128\128\128\128\128\128\128\128\128\1", -- 2^63
    "\128\128\128\0", "\128\128\128\128\128\128\128\128\128\128\0", "\128",
    "\254\255\255\255\255\255\255\255\255\1", -- -2
}

local function edge()
    return EDGES[rand(#EDGES)]
end

local function tree_mutation(fields)
    local list = messages(fields)
    local msg = list[rand(#list)]
    if #msg == 0 then
        return
    end
    local k = rand(#msg)
    local f = msg[k]
    local r = rand(9)
    if r == 1 then -- remove a field
        table.remove(msg, k)
    elseif r == 2 then -- duplicate a field, next to it or at the end
        local g = copy({ f })[1]
        table.insert(msg, rand(2) == 1 and k or #msg + 1, g)
    elseif r == 3 then -- swap two fields
        local m = rand(#msg)
        msg[k], msg[m] = msg[m], msg[k]
    elseif r == 4 then -- a varint value, or a length, at an edge
        if f.wt == 0 then
            f.raw = edge()
        elseif f.wt == 2 then
            f.len = edge()
        else
            f.raw = f.raw:sub(1, rand(#f.raw) - 1)
        end
    elseif r == 5 then -- a length one off
        if f.wt == 2 then
            local n = #(f.sub and serialize(f.sub) or f.data)
            f.len = varint_bytes(math.max(0, n + (rand(2) == 1 and 1 or -1)))
        end
    elseif r == 6 then -- another wire type for the same value
        f.key = varint_bytes(f.num * 8 + (f.wt + rand(7)) % 8)
    elseif r == 7 then -- another field number
        f.num = rand(rand(2) == 1 and 16 or 64)
    elseif r == 8 then -- the key itself at an edge
        f.key = edge()
    else -- the bytes of a string, raw data or packed list
        if f.wt == 2 and not f.sub then
            local d = f.data
            local i = rand(#d + 1)
            local what = rand(3)
            if what == 1 then
                f.data = d:sub(1, i - 1)
            elseif what == 2 then
                f.data = d:sub(1, i - 1) .. edge() .. d:sub(i)
            else
                f.data = d .. d
            end
        elseif f.sub then
            f.sub = nil -- keep the bytes, then flip one
            local d = f.data
            if #d > 0 then
                local i = rand(#d)
                f.data = d:sub(1, i - 1) .. string.char((d:byte(i) + 2 ^ (rand(8) - 1)) % 256)
                    .. d:sub(i + 1)
            end
        end
    end
end

local function byte_mutation(s)
    local n = #s
    if n == 0 then
        return s
    end
    local i = rand(n)
    local r = rand(4)
    if r == 1 then -- flip one bit
        local b = s:byte(i)
        local bit = 2 ^ (rand(8) - 1)
        b = (math.floor(b / bit) % 2 == 1) and b - bit or b + bit
        return s:sub(1, i - 1) .. string.char(b) .. s:sub(i + 1)
    elseif r == 2 then -- truncate
        return s:sub(1, i - 1)
    elseif r == 3 then -- duplicate a span
        local j = math.min(n, i + rand(24) - 1)
        return s:sub(1, j) .. s:sub(i, j) .. s:sub(j + 1)
    end
    local j = math.min(n, i + rand(8) - 1) -- delete a span
    return s:sub(1, i - 1) .. s:sub(j + 1)
end

local parsed = {}
for k, b in ipairs(bases) do
    parsed[k] = assert(parse(b[1], 1, #b[1], 0), "a base does not parse")
    assert(serialize(parsed[k]) == b[1], "a base does not serialize back to its bytes")
end

local function mutate(k)
    local fields = copy(parsed[k])
    local s
    local kind = rand(3)
    if kind == 1 then -- structural only
        for _ = 1, rand(3) do
            tree_mutation(fields)
        end
        s = serialize(fields)
    elseif kind == 2 then -- bytes only
        s = bases[k][1]
        for _ = 1, rand(3) do
            s = byte_mutation(s)
        end
    else -- both
        tree_mutation(fields)
        s = byte_mutation(serialize(fields))
    end
    return s
end

---------------------------------------------------------------------------
-- The runs

local function sink()
    local buf = {}
    return { write = function(self, ...)
        for k = 1, select("#", ...) do
            buf[#buf + 1] = tostring((select(k, ...)))
        end
        return self
    end, text = function() return table.concat(buf) end }
end

local tmp = os.tmpname()
os.remove(tmp)
local dir = tmp .. ".d"
assert(os.execute("mkdir -p '" .. dir .. "'"))
local model = dir .. "/fuzzed.onnx"
local out = dir .. "/out"
assert(os.execute("mkdir -p '" .. out .. "'"))

local function listing()
    local p = io.popen("ls -A '" .. out .. "'")
    local names = {}
    for name in p:lines() do
        names[#names + 1] = name
    end
    p:close()
    return names
end

-- LuaJIT does not call hooks from compiled code: interpret only.
local jit = rawget(_G, "jit")
if jit then
    jit.off()
end

local function hex(s)
    return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local passed, failed, ok_cases = 0, 0, 0
local templates = root .. "/templates"
for case = 1, count do
    -- the digits model (1898 parameters) is the slowest to generate when a
    -- mutation leaves it valid: one case in twelve
    local k = rand(12)
    k = k <= #bases - 1 and k or (k == 12 and #bases or rand(#bases - 1))
    local bytes = mutate(k)
    local f = assert(io.open(model, "wb"))
    f:write(bytes)
    f:close()
    local err, stdout = sink(), sink()
    local steps, hung = 0, false
    debug.sethook(function()
        steps = steps + 1
        if steps * HOOK_STEP > BUDGET then
            hung = true
            debug.sethook()
            error("fuzz_onnx: over the instruction budget", 0)
        end
    end, "", HOOK_STEP)
    local ran, status = pcall(driver.main, { "-o", out, "--max-params", "100", "--loss",
        bases[k][2], model }, { templates = templates, stderr = err, stdout = stdout })
    debug.sethook()
    local text = err.text()
    local names = listing()
    local problem
    if hung then
        problem = "more than " .. BUDGET .. " instructions (a hang?)"
    elseif not ran then
        problem = "an error escaped the driver: " .. tostring(status)
    elseif status == 0 then
        ok_cases = ok_cases + 1
        if #names ~= 2 or text ~= "" then
            problem = "exit 0 but wrote " .. table.concat(names, " ") .. " / said " .. text
        end
    elseif status == 1 then
        if not text:match("^[^\n]+\n$") then
            problem = "not exactly one line: " .. text
        elseif text:sub(1, #model + 1) ~= model .. ":" then
            problem = "the line does not start with the file's name: " .. text
        elseif text:find("traceback") or text:find("internal error") then
            problem = "a traceback or internal error: " .. text
        elseif #names ~= 0 then
            problem = "wrote " .. table.concat(names, " ") .. " despite an error"
        end
    else
        problem = "exit " .. tostring(status) .. ": " .. text
    end
    for _, name in ipairs(names) do
        os.remove(out .. "/" .. name)
    end
    if problem then
        failed = failed + 1
        io.write("FAIL case ", case, " (base ", k, "): ", problem, "\n--- bytes:\n", hex(bytes),
            "\n---\n")
    else
        passed = passed + 1
    end
end
os.remove(model)
os.remove(out)
os.remove(dir)
io.write(string.format("(%d of %d mutated models were valid)\n", ok_cases, count))
io.write(string.format("%d passed, %d failed\n", passed, failed))
os.exit(failed == 0 and 0 or 1)
