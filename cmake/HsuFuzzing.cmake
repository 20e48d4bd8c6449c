# HSU_BUILD_FUZZERS: the libFuzzer targets of tests/fuzz (preset "fuzz", clang only).
# Every library is compiled with the fuzzer's coverage instrumentation and ASan + UBSan, so that
# coverage reaches the product code and a bug there is reported where it happens, not where a
# harness notices it. Only the fuzz executables link libFuzzer's main (tests/fuzz/CMakeLists.txt).
option(HSU_BUILD_FUZZERS "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)
if(HSU_BUILD_FUZZERS)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "HSU_BUILD_FUZZERS needs clang (libFuzzer): use `cmake --preset fuzz`")
    endif()
    # -O1: fast enough to run ~10^7 inputs, still exact line numbers in a crash's stack.
    # No recovery from UB: libFuzzer only notices what aborts.
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                        -fno-omit-frame-pointer -O1 -g)
    add_link_options(-fsanitize=address,undefined)
endif()
