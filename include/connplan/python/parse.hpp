// Parsing Python source into connplan::python::module without running it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/python/ast.hpp"

namespace connplan::python {

// Fixed limits (CONTRACTS.md §11 CP006). They mirror CPython's own: Parser/tokenizer.c MAXLEVEL
// (200 nested brackets) and MAXINDENT (100 indentation levels); the expression limit keeps every
// recursive walk of the tree (dump, evaluator, destructor) far from the stack's end.
inline constexpr int max_bracket_depth = 200;
inline constexpr int max_indent_depth = 100;
inline constexpr int max_nesting_depth = 200;           // parser recursion: expressions and blocks
inline constexpr std::uint32_t max_tree_height = 1000;  // e.g. `1+1+...+1`, `a.b.c...`

struct parse_result {
  python::module module;
  std::vector<finding> findings;  // CP001 (syntax) and CP006 (limits), in source order
  // False when any statement could not be parsed: Python would not import the file, so the
  // evaluator must treat its values as unknown.
  bool complete = true;
};

// `name` is the display path used in locations. Never throws for bad input.
[[nodiscard]] parse_result parse_module(std::string_view text, std::string_view name);
// The same, taking the text: the module keeps it as its `source` instead of a copy (a caller
// that read a file for this alone saves the file's size in memory).
[[nodiscard]] parse_result parse_module_text(std::string text, std::string_view name);

}  // namespace connplan::python
