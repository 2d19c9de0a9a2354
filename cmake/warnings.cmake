# Project-wide compile flags: warnings, sanitizers, Asio separate compilation.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
                    -Wcast-align -Wunused -Woverloaded-virtual)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 raises a false -Wmismatched-new-delete on Asio coroutine frames at -O1+.
  add_compile_options(-Wno-mismatched-new-delete)
  # GCC 12 false positives at -O2 inside Boost/nlohmann/libstdc++ headers
  # (stringop/array-bounds/maybe-uninitialized, and -Wrestrict on std::string concatenation,
  # GCC bug 105329).
  add_compile_options(-Wno-maybe-uninitialized -Wno-array-bounds -Wno-stringop-overflow -Wno-restrict)
endif()
if(MCPGW_WERROR)
  add_compile_options(-Werror)
endif()
if(MCPGW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

add_compile_definitions(
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_DISABLE_BOOST_COROUTINE
)
