-- flatprop: the command-line entry point of the generator.
-- Takes: the command line (see --help). Gives: NAME.h and NAME.c, or one
-- error line and a non-zero exit status.
local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
package.path = here .. "/?.lua;" .. here .. "/?/init.lua;" .. package.path

local ok, driver = pcall(require, "flatprop.driver")
if not ok then
    if tostring(driver):sub(-12) == "interrupted!" then -- SIGINT while starting
        io.stderr:write("flatprop: interrupted (SIGINT); no file written\n")
        os.exit(130)
    end
    io.stderr:write("flatprop: internal error (broken installation): ",
        (tostring(driver):gsub("\n.*", "")), "\n")
    os.exit(3)
end
os.exit(driver.main(arg, { templates = here .. "/../templates" }))
