// libFuzzer target: the Python token grammar and parser alone (src/python), and the AST dump
// every recursive walk of the tree shares.
#include <cstddef>
#include <cstdint>

#include "connplan/python/ast.hpp"
#include "connplan/python/parse.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return connplan::fuzz::guarded([&] {
    auto result =
        connplan::python::parse_module(connplan::fuzz::as_text(data, size), "settings.py");
    (void)connplan::python::dump(result.module);
  });
}
