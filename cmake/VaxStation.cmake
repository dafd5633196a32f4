# Shared build flags for every VaxStation target (the pattern of qBittorrent's qbt_common_cfg).
add_library(vax_common_cfg INTERFACE)
target_compile_features(vax_common_cfg INTERFACE cxx_std_20)
target_compile_options(vax_common_cfg INTERFACE
    -Wall -Wextra -Wold-style-cast -Woverloaded-virtual -Wnon-virtual-dtor
    $<$<BOOL:${VAX_WERROR}>:-Werror>)
target_compile_definitions(vax_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    VAX_VERSION="${PROJECT_VERSION}")
target_include_directories(vax_common_cfg INTERFACE ${PROJECT_SOURCE_DIR})

# vax_add_test(NAME <name> SOURCES <files...> LIBS <targets...> [GUI] [LABELS <labels...>]
#              [TIMEOUT <seconds>] [WRAPPER <script>])
# One Qt Test executable per class or feature; GUI tests run offscreen in C.UTF-8. WRAPPER
# runs the test binary through a script that sets up what it needs first (a session bus).
function(vax_add_test)
    cmake_parse_arguments(T "GUI" "NAME;TIMEOUT;WRAPPER" "SOURCES;LIBS;LABELS" ${ARGN})
    qt_add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE vax_common_cfg Qt6::Test ${T_LIBS})
    if(T_WRAPPER)
        add_test(NAME ${T_NAME} COMMAND ${T_WRAPPER} $<TARGET_FILE:${T_NAME}>)
    else()
        add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    endif()
    set(env "LANG=C.UTF-8;LC_ALL=C.UTF-8;QT_QPA_PLATFORM=offscreen;VAX_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${env}" LABELS "${T_LABELS}")
    if(T_TIMEOUT)
        set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT})
    endif()
endfunction()
