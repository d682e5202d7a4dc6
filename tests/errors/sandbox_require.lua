-- expect: FILE:2: 'require' is not available in a network description (it runs sandboxed: no files, no system, no loading code)
local json = require("json")
