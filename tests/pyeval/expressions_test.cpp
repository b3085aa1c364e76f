// Tests of src/pyeval/expressions.cpp: names, displays, comprehensions, calls, f-strings.
#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(expressions, and_or_return_an_operand) {
  // Reference §6.11: "The expression x or y first evaluates x; if x is true, its value is
  // returned; otherwise, y is evaluated and the resulting value is returned."
  module_result r = eval_text("A = '' or 'd'\nB = 0 and 1\nC = 'x' and 5\nD = not ''\n");
  EXPECT_EQ(json_of(r, "A"), "d");
  EXPECT_EQ(json_of(r, "B"), 0);
  EXPECT_EQ(json_of(r, "C"), 5);
  EXPECT_EQ(json_of(r, "D"), true);
}

TEST(expressions, conditional_expression_with_unknown_test_gives_alternatives) {
  module_result r =
      eval_text("import os\nW = 4 if os.environ.get('X') == '1' else 8\nV = 1 if True else 2\n");
  const value& w = global(r, "W");
  ASSERT_EQ(w.kind, value_kind::alternatives);
  EXPECT_EQ(repr(w), "<one of: 4, 8>");
  EXPECT_EQ(json_of(r, "V"), 1);
}

TEST(expressions, fstrings_and_formatting) {
  // Reference §2.4.3 (f-strings): "replacement fields ... are expressions evaluated at run time,
  // then formatted using the format() protocol".
  module_result r = eval_text(
      "h = 'db'\np = 5432\nU = f'{h}:{p}'\nV = f'{p:>6}|{h!r}'\nW = '%s-%03d' % (h, 7)\n");
  EXPECT_EQ(json_of(r, "U"), "db:5432");
  EXPECT_EQ(json_of(r, "V"), "  5432|'db'");
  EXPECT_EQ(json_of(r, "W"), "db-007");
}

TEST(expressions, comprehensions_over_known_data) {
  module_result r = eval_text(
      "A = [x * 2 for x in range(4) if x % 2 == 0]\nB = {k: v for k, v in [('a', 1)]}\n"
      "C = {x for x in 'aab'}\nD = [y for x in [[1, 2], [3]] for y in x]\n");
  EXPECT_EQ(json_of(r, "A"), nlohmann::json({0, 4}));
  EXPECT_EQ(json_of(r, "B"), nlohmann::json({{"a", 1}}));
  EXPECT_EQ(json_of(r, "C").size(), 2u);
  EXPECT_EQ(json_of(r, "D"), nlohmann::json({1, 2, 3}));
}

TEST(expressions, unpacking_in_displays_and_calls) {
  // Reference §6.2.7: "**" in a dict display unpacks a mapping; later keys win.
  module_result r = eval_text(
      "base = {'a': 1, 'b': 2}\nD = {**base, 'b': 3}\nL = [0, *[1, 2]]\n"
      "def f(a, b=2, *rest, **kw):\n    return [a, b, list(rest), kw]\nF = f(*[1], **{'k': 'v'})\n"
      "G = f(1, 2, 3, 4)\n");
  EXPECT_EQ(json_of(r, "D"), nlohmann::json({{"a", 1}, {"b", 3}}));
  EXPECT_EQ(json_of(r, "L"), nlohmann::json({0, 1, 2}));
  EXPECT_EQ(json_of(r, "F"), nlohmann::json::parse(R"([1, 2, [], {"k": "v"}])"));
  EXPECT_EQ(json_of(r, "G"), nlohmann::json::parse(R"([1, 2, [3, 4], {}])"));
}

TEST(expressions, walrus_and_lambda_and_slices) {
  module_result r = eval_text(
      "if (n := 3) > 2:\n    A = n\nf = lambda x, y=1: x + y\nB = f(2)\nC = 'abcdef'[1:4]\nD = [1, "
      "2, 3][::-1]\n");
  EXPECT_EQ(json_of(r, "n"), 3);
  EXPECT_EQ(json_of(r, "A"), 3);
  EXPECT_EQ(json_of(r, "B"), 3);
  EXPECT_EQ(json_of(r, "C"), "bcd");
  EXPECT_EQ(json_of(r, "D"), nlohmann::json({3, 2, 1}));
}

TEST(expressions, unknown_results_carry_text_location_and_first_reason) {
  module_result r = eval_text("import os\n\nX = int(os.environ['A']) + int(os.environ['B'])\n");
  const value& x = global(r, "X");
  ASSERT_EQ(x.kind, value_kind::unknown);
  EXPECT_EQ(x.expr, "int(os.environ['A']) + int(os.environ['B'])");
  EXPECT_EQ(x.reason, "environment variable A is not set and has no default");
  EXPECT_EQ(x.origin.location.begin.line, 3u);
  EXPECT_EQ(x.origin.location.begin.column, 5u);
}

TEST(expressions, opaque_library_objects) {
  // celery.Celery is a class: calling it gives an object, its attributes are objects, calling an
  // unmodelled method is logged with its evaluated arguments.
  module_result r = eval_text(
      "from celery import Celery\napp = Celery('proj', broker='redis://')\n"
      "app.conf.update(worker_concurrency=4)\napp.conf.broker_url = 'amqp://'\nB = "
      "app.conf.broker_url\n");
  EXPECT_EQ(global(r, "app").text, "celery.Celery()");
  EXPECT_EQ(json_of(r, "B"), "amqp://");
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_EQ(r.calls[0].callee, "celery.Celery");
  EXPECT_EQ(r.calls[0].kwargs.at("broker").text, "redis://");
  EXPECT_EQ(r.calls[1].callee, "celery.Celery().conf.update");
  EXPECT_EQ(r.calls[1].kwargs.at("worker_concurrency").integer, 4);
  bool logged = false;
  for (const write_event& w : r.writes) logged = logged || w.target == "app.conf.broker_url";
  EXPECT_TRUE(logged);
}

}  // namespace
}  // namespace connplan::python::testing
