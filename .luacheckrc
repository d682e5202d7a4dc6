-- luacheck settings for the generator and its tests: code that runs on
-- Lua 5.1 to 5.4 and LuaJIT. Check with:
--   luacheck generator tests/lua tests/errors/run.lua
-- (the other files of tests/errors are deliberately bad descriptions)
std = "lua51+lua54"
max_line_length = 100
