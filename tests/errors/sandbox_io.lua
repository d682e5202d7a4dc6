-- expect: FILE:2: 'io' is not available in a network description (it runs sandboxed: no files, no system, no loading code)
local f = io.open("/etc/passwd")
return {}
