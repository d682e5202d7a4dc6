# 1. install what it needs, build and run the worked example
bash .ci/deps minimal && cmake -S . -B build -DFLATPROP_BUILD_TESTS=OFF && cmake --build build --target seed && build/examples/seed/seed

# 2. install everything the tests use, build, and run every test
bash .ci/deps && bash .ci/test
