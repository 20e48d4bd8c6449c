# Warnings every target gets; CI turns them into errors (HSU_WARNINGS_AS_ERRORS).
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    add_compile_options(-Wall -Wextra -Wpedantic -Wnon-virtual-dtor)
    # gcc's spelling; clang (the fuzz preset) has no -Wshadow=local and warns about the option.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        add_compile_options(-Wshadow=local)
    endif()
    if(HSU_WARNINGS_AS_ERRORS)
        add_compile_options(-Werror)
    endif()
elseif(MSVC)
    add_compile_options(/W4 /permissive-)
    if(HSU_WARNINGS_AS_ERRORS)
        add_compile_options(/WX)
    endif()
endif()

# Sanitizers for the whole build (presets asan, tsan): every library, program and test, so that a
# report points into our code wherever it happens. Qt itself is not rebuilt: ThreadSanitizer may
# then report races inside Qt's own synchronisation (tests/sanitizers/tsan.supp lists those).
set(HSU_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread (empty: none)")
if(HSU_SANITIZE AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    add_compile_options(-fsanitize=${HSU_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=${HSU_SANITIZE})
endif()
