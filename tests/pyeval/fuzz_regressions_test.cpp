// Inputs that made fuzz_python_models (fuzz/fuzz_python_models.cpp) or the CLI fail: every string
// the evaluator keeps must be valid UTF-8, because inspect's JSON and text output and the rules'
// messages serialise values with nlohmann::json::dump(), which throws on anything else
// ("[json.exception.type_error.316] invalid UTF-8 byte"). Inputs: fuzz/regressions/.
#include "pyeval/eval_support.hpp"
#include "pyeval/interpreter.hpp"
#include "python/encoding.hpp"

namespace connplan::python::testing {
namespace {

bool valid(const module_result& r, const char* name) {
  const std::string text = to_json(global(r, name)).dump();  // throws on invalid UTF-8
  return !detail::first_invalid_utf8(text).has_value();
}

TEST(fuzz_regressions, lone_surrogates_become_replacement_characters) {
  // Python: '\udc80' is a str of one (surrogate) code point, which has no UTF-8 form.
  module_result r = eval_text("A = '\\udc80'\nB = '\\ud83d\\ude00'\nC = 'x\\U0010ffff'\n");
  EXPECT_TRUE(valid(r, "A"));
  EXPECT_EQ(json_of(r, "A"), "\xef\xbf\xbd");
  EXPECT_EQ(json_of(r, "B"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(json_of(r, "C"), "x\xf4\x8f\xbf\xbf");  // the last code point is kept
}

TEST(fuzz_regressions, bytes_that_are_not_utf8_are_shown_as_python_shows_them) {
  // Python: repr(b'\xff') == "b'\\xff'".
  module_result r = eval_text("A = b'\\xff'\nB = b'abc'\n");
  EXPECT_TRUE(valid(r, "A"));
  EXPECT_EQ(json_of(r, "A"), "b'\\xff'");
  EXPECT_EQ(json_of(r, "B"), "abc");
  EXPECT_EQ(repr(global(r, "A")), "b'\\xff'");
}

// fuzz/regressions/fuzz_python_models/leak-function-module-cycle: a function keeps its module
// (globals) and the module's namespace keeps the function; the cycle is cut once evaluation is
// over (src/pyeval/cycles.cpp), or LeakSanitizer reports every `def`.
TEST(fuzz_regressions, function_module_and_closure_cycles_are_cut) {
  module_result r = eval_text(
      "def post_fork(server):\n    pass\n"
      "def outer():\n    def inner():\n        return inner\n    return inner\n"
      "F = outer()\n");
  for (const char* name : {"post_fork", "F"}) {
    const value& f = global(r, name);
    ASSERT_TRUE(f.internal) << name;
    EXPECT_FALSE(f.internal->module) << name;
    EXPECT_FALSE(f.internal->closure) << name;
  }
}

}  // namespace
}  // namespace connplan::python::testing
