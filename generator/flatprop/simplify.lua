-- simplify: tidy a lowered function body before it is emitted.
-- Takes: a statement list. Gives: the same program without dead locals and
-- unused base pointers, with
-- `const` on every local that is never assigned after its declaration.
--
-- The lowering rules already emit only the work each API function needs;
-- this pass is the safety net that keeps the C free of unused variables
-- (an error under -Werror) when an option or a frozen layer leaves one over.
local ir = require("flatprop.ir")

local M = {}

local function each_stmt(body, f)
    for _, s in ipairs(body) do
        f(s)
        if s.k == "if" or s.k == "for" then
            each_stmt(s.body, f)
        end
    end
end

-- Count reads and assignments of every local name.
local function usage(body)
    local reads, writes = {}, {}
    -- local arrays: storing into one is not a use of it (a pointer's is)
    local arrays = {}
    each_stmt(body, function(s)
        if s.k == "arr" then
            arrays[s.name] = true
        end
    end)
    -- self: a name whose reads do not count (x = c ? e : x reads x only for
    -- x's own sake)
    local function read(e, self)
        ir.walk_expr(e, function(n)
            if n.k == "var" then
                if n.name ~= self then
                    reads[n.name] = (reads[n.name] or 0) + 1
                end
            elseif n.k == "idx" then
                -- a use of a base pointer (ptr statement) counts as a read
                reads[n.base] = (reads[n.base] or 0) + 1
            end
        end)
    end
    each_stmt(body, function(s)
        if s.k == "decl" or s.k == "ret" then
            read(s.e)
        elseif s.k == "assign" then
            read(s.e, s.lhs.k == "var" and s.lhs.name or nil)
            if s.lhs.k == "idx" then
                if arrays[s.lhs.base] then
                    if type(s.lhs.i) == "table" then
                        read(s.lhs.i)
                    end
                else
                    read(s.lhs)
                end
            end
            if s.lhs.k == "var" then
                writes[s.lhs.name] = (writes[s.lhs.name] or 0) + 1
                if s.op ~= "=" then
                    -- x += e reads x, but only for x's own sake
                    reads[s.lhs.name] = reads[s.lhs.name] or 0
                end
            end
        elseif s.k == "if" then
            read(s.c)
        elseif s.k == "vcall" then
            for _, a in ipairs(s.args) do
                read(a)
            end
        elseif s.k == "ptr" then
            -- a pointer into a local array uses the array
            reads[s.base] = (reads[s.base] or 0) + 1
            if type(s.off) == "table" then
                read(s.off)
            end
        end
    end)
    return reads, writes
end

local function prune(body, dead)
    local out = {}
    for _, s in ipairs(body) do
        local keep = true
        if (s.k == "decl" or s.k == "ptr" or s.k == "arr") and dead[s.name] then
            keep = false
        elseif s.k == "assign" and s.lhs.k == "var" and dead[s.lhs.name] then
            keep = false
        elseif s.k == "assign" and s.lhs.k == "idx" and dead[s.lhs.base] then
            keep = false
        elseif s.k == "if" or s.k == "for" then
            s.body = prune(s.body, dead)
            keep = #s.body > 0
        end
        if keep then
            out[#out + 1] = s
        end
    end
    return out
end

-- Drop comments that head an empty section (their code was pruned).
local function drop_orphan_comments(body)
    local out = {}
    for i, s in ipairs(body) do
        local nxt = body[i + 1]
        if not (s.k == "comment" and (nxt == nil or nxt.k == "comment")) then
            out[#out + 1] = s
        end
        if s.k == "if" or s.k == "for" then
            s.body = drop_orphan_comments(s.body)
        end
    end
    return out
end

function M.simplify(body)
    while true do
        local reads = usage(body)
        local dead, any = {}, false
        each_stmt(body, function(s)
            if (s.k == "decl" or s.k == "ptr" or s.k == "arr")
                and (reads[s.name] or 0) == 0 then
                dead[s.name], any = true, true
            end
        end)
        if not any then
            break
        end
        body = prune(body, dead)
    end
    body = drop_orphan_comments(body)
    local _, writes = usage(body)
    each_stmt(body, function(s)
        if s.k == "decl" then
            s.const = s.e ~= nil and not writes[s.name]
        end
    end)
    return body
end

return M
