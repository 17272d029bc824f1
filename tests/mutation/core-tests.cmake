# The native suite as one executable per test file, for scripts/mutate-core.mjs (it becomes
# tests/CMakeLists.txt of the mutation tool's scratch copy; the project's own build keeps one
# binary). A mutant then recompiles the engine and relinks only the test files whose cases it
# runs, instead of every test object that includes the mutated header.
find_package(doctest REQUIRED)

add_library(gradlab_test_main OBJECT core/main.cpp)
target_link_libraries(gradlab_test_main PRIVATE doctest::doctest)

file(GLOB CORE_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/core/test_*.cpp)
foreach(src ${CORE_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src} $<TARGET_OBJECTS:gradlab_test_main>)
  target_link_libraries(${name} PRIVATE gradlab_core doctest::doctest)
endforeach()
