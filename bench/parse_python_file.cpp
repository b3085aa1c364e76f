// connplan_parse_python FILE: reads one Python file as connplan reads it (read_file, then
// python::parse_module_text: encoding and BOM checks, tokenizer, parser, syntax tree) and prints
// the number of top-level statements and of findings, so that the work cannot be optimised away.
// The process-level counterpart of `python3 -c "import ast; ast.parse(open(F).read())"`, which
// bench/compare.py times against it (issue 7: the Python front end vs CPython's own parser).
#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <utility>
#include <variant>

#include "connplan/python/parse.hpp"
#include "connplan/read_file.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: connplan_parse_python FILE\n", stderr);
    return 2;
  }
  connplan::read_result read = connplan::read_file(argv[1], connplan::read_limits{});
  if (auto* failure = std::get_if<connplan::read_failure>(&read)) {
    fmt::print(stderr, "connplan_parse_python: {}: {}\n", argv[1], failure->message);
    return 2;
  }
  const connplan::python::parse_result result =
      connplan::python::parse_module_text(std::move(std::get<std::string>(read)), argv[1]);
  fmt::print("{} statements, {} findings\n", result.module.body.size(), result.findings.size());
  return 0;
}
