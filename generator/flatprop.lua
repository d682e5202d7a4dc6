-- flatprop: the command-line entry point of the generator.
-- Takes: the command line (see --help). Gives: NAME.h and NAME.c, or one
-- error line and a non-zero exit status.
local here = (arg and arg[0] or ""):match("^(.*)[/\\][^/\\]*$") or "."
package.path = here .. "/?.lua;" .. package.path

local driver = require("flatprop.driver")
os.exit(driver.main(arg, { templates = here .. "/../templates" }))
