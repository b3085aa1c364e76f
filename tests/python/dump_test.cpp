// kind_name and dump: the names are CPython's ast class names (Lib/ast.py), which the oracle
// relies on.
#include <gtest/gtest.h>

#include "connplan/python/parse.hpp"

namespace connplan::python {
namespace {

TEST(dump, statement_kind_names_match_cpython) {
  const parse_result r = parse_module(
      "x = 1\nx += 1\nx: int = 1\nimport a\nfrom a import b\nif x: pass\nfor a in b: pass\n"
      "while x: pass\ntry:\n    pass\nfinally:\n    pass\nwith a: pass\ndef f(): pass\n"
      "class C: pass\ndel x\nglobal x\nassert x\nf()\n",
      "t.py");
  std::string names;
  for (const stmt& s : r.module.body) names += std::string(kind_name(s)) + " ";
  EXPECT_EQ(names,
            "Assign AugAssign AnnAssign Import ImportFrom If For While Try With FunctionDef "
            "ClassDef Delete Global Assert Expr ");
}

TEST(dump, expression_kind_names_match_cpython) {
  EXPECT_EQ(kind_name(expr_kind::joined_string), "JoinedStr");
  EXPECT_EQ(kind_name(expr_kind::generator), "GeneratorExp");
  EXPECT_EQ(kind_name(expr_kind::named), "NamedExpr");
}

TEST(dump, constants_are_quoted_and_escaped) {
  const parse_result r =
      parse_module("x = 'it''s\\n', b'\\x01', 1.5, 10**20, 99999999999999999999\n", "t.py");
  EXPECT_EQ(dump(r.module),
            "(assign (x) (tuple 'its\\n' b'\\x01' 1.5 (** 10 20) 99999999999999999999))\n");
}

}  // namespace
}  // namespace connplan::python
