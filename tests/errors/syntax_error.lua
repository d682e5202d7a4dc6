-- expect: FILE:3: unexpected symbol near '='
return {
  name = = "n",
}
