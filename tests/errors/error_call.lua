-- expect: FILE:2: no network here
error("no network here")
