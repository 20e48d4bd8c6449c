# The real HSU Master samples sit beside the repository (../shared/samples). A clone made
# elsewhere (CI clones into a temporary folder) finds them through the workplace's copy.
if(NOT HSU_SAMPLES_DIR)
    set(HSU_SAMPLES_DIR "${PROJECT_SOURCE_DIR}/../shared/samples")
    foreach(candidate "${PROJECT_SOURCE_DIR}/../shared/samples" "/work/shared/samples")
        if(EXISTS "${candidate}/hsu")
            set(HSU_SAMPLES_DIR "${candidate}")
            break()
        endif()
    endforeach()
endif()
set(HSU_SAMPLES_DIR "${HSU_SAMPLES_DIR}" CACHE PATH "Folder holding the HSU Master samples (hsu/)")

# hsu_add_qtest(NAME name SOURCES a.cpp... LIBS lib... [LABELS l...] [TIMEOUT s])
# One Qt Test executable = one CTest test. GUI tests get the offscreen platform.
function(hsu_add_qtest)
    cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        HSU_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        HSU_BINARY_DIR="${PROJECT_BINARY_DIR}"
        HSU_SAMPLES_DIR="${HSU_SAMPLES_DIR}")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    # Tests find the real programs through the environment, never through PATH.
    # HSU_STRICT_TRANSITIONS: a worker state change outside the transition table (shared/model)
    # aborts the agent, so that it fails the test that made it.
    set(env "QT_QPA_PLATFORM=offscreen;HSU_STRICT_TRANSITIONS=1")
    foreach(prog testworker hsu-agent hsuctl hsu-standby)
        if(TARGET ${prog})
            string(TOUPPER "${prog}" var)
            string(REPLACE "-" "_" var "${var}")
            list(APPEND env "HSU_TEST_${var}=$<TARGET_FILE:${prog}>")
        endif()
    endforeach()
    set_tests_properties(${T_NAME} PROPERTIES
        TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}"
        ENVIRONMENT "${env}")
endfunction()
