-- version: the generator's version; generated C checks the runtime's against it.
return { major = 0, minor = 1, patch = 0, string = "0.1.0" }
