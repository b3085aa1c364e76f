// Tests of src/pyeval/builtins.cpp: builtins and methods, through evaluated snippets.
#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(builtins, int_conversions_follow_python) {
  // Library reference, int(): "Optionally, the string can be preceded by + or - ... and
  // surrounded by whitespace"; underscores between digits are allowed; int("5.0") raises.
  module_result r = eval_text(
      "A = int('010')\nB = int(' 5 ')\nC = int('1_000')\nD = int('5.0')\nE = int('ff', 16)\n"
      "F = int(3.9)\nG = int('0x10', 0)\n");
  EXPECT_EQ(json_of(r, "A"), 10);
  EXPECT_EQ(json_of(r, "B"), 5);
  EXPECT_EQ(json_of(r, "C"), 1000);
  EXPECT_EQ(global(r, "D").kind, value_kind::unknown);
  EXPECT_EQ(global(r, "D").reason, "invalid literal for int() with base 10: '5.0'");
  EXPECT_EQ(json_of(r, "E"), 255);
  EXPECT_EQ(json_of(r, "F"), 3);
  EXPECT_EQ(json_of(r, "G"), 16);
}

TEST(builtins, bool_and_str_and_float) {
  // Library reference, bool(): "x is converted using the standard truth testing procedure", so
  // any non-empty string, "False" included, is True.
  module_result r = eval_text(
      "A = bool('False')\nB = bool('')\nC = str(1.5)\nD = float(' 2.5 ')\n"
      "E = str(None)\nF = float('1e3')\n");
  EXPECT_EQ(json_of(r, "A"), true);
  EXPECT_EQ(json_of(r, "B"), false);
  EXPECT_EQ(json_of(r, "C"), "1.5");
  EXPECT_EQ(json_of(r, "D"), 2.5);
  EXPECT_EQ(json_of(r, "E"), "None");
  EXPECT_EQ(json_of(r, "F"), 1000.0);
}

TEST(builtins, containers_and_reductions) {
  module_result r = eval_text(
      "A = len([1, 2, 3])\nB = min(4, 2, 8)\nC = max([1, 9, 3])\nD = sorted(['b', 'a'])\n"
      "E = list('ab')\nF = dict(a=1)\nG = tuple([1])\nH = sum([1, 2, 3])\nI = any([0, 1])\n"
      "J = list(range(3))\nK = dict(zip(['a', 'b'], [1, 2]))\nL = set([1, 1, 2])\n");
  EXPECT_EQ(json_of(r, "A"), 3);
  EXPECT_EQ(json_of(r, "B"), 2);
  EXPECT_EQ(json_of(r, "C"), 9);
  EXPECT_EQ(json_of(r, "D"), nlohmann::json({"a", "b"}));
  EXPECT_EQ(json_of(r, "E"), nlohmann::json({"a", "b"}));
  EXPECT_EQ(json_of(r, "F"), nlohmann::json({{"a", 1}}));
  EXPECT_EQ(json_of(r, "G"), nlohmann::json({1}));
  EXPECT_EQ(json_of(r, "H"), 6);
  EXPECT_EQ(json_of(r, "I"), true);
  EXPECT_EQ(json_of(r, "J"), nlohmann::json({0, 1, 2}));
  EXPECT_EQ(json_of(r, "K"), nlohmann::json({{"a", 1}, {"b", 2}}));
  EXPECT_EQ(json_of(r, "L"), nlohmann::json({1, 2}));
}

TEST(builtins, string_methods) {
  module_result r = eval_text(
      "A = 'A,B'.lower().split(',')\nB = ' x '.strip()\nC = '-'.join(['a', 'b'])\n"
      "D = 'abc'.replace('b', 'X')\nE = 'abc'.startswith('ab')\nF = '{}:{port}'.format('h', "
      "port=5)\n"
      "G = 'a b  c'.split()\nH = 'k=v=w'.split('=', 1)\nI = 'abc'.upper()\nJ = 'x.y.z'.rsplit('.', "
      "1)\n");
  EXPECT_EQ(json_of(r, "A"), nlohmann::json({"a", "b"}));
  EXPECT_EQ(json_of(r, "B"), "x");
  EXPECT_EQ(json_of(r, "C"), "a-b");
  EXPECT_EQ(json_of(r, "D"), "aXc");
  EXPECT_EQ(json_of(r, "E"), true);
  EXPECT_EQ(json_of(r, "F"), "h:5");
  EXPECT_EQ(json_of(r, "G"), nlohmann::json({"a", "b", "c"}));
  EXPECT_EQ(json_of(r, "H"), nlohmann::json({"k", "v=w"}));
  EXPECT_EQ(json_of(r, "I"), "ABC");
  EXPECT_EQ(json_of(r, "J"), nlohmann::json({"x.y", "z"}));
}

TEST(builtins, dict_and_list_methods_mutate_in_place) {
  // Library reference, dict.update: "Update the dictionary with the key/value pairs from other,
  // overwriting existing keys".
  module_result r = eval_text(
      "D = {'a': 1}\nE = D\nD.update({'b': 2})\nD.setdefault('c', 3)\nG = D.get('z', 9)\n"
      "L = [1]\nL.append(2)\nL.extend([3])\nL.insert(0, 0)\nK = list(D.keys())\nC = D.copy()\n"
      "C['x'] = 1\nI = [k for k, v in D.items()]\n");
  EXPECT_EQ(json_of(r, "E"), nlohmann::json({{"a", 1}, {"b", 2}, {"c", 3}}));
  EXPECT_EQ(json_of(r, "G"), 9);
  EXPECT_EQ(json_of(r, "L"), nlohmann::json({0, 1, 2, 3}));
  EXPECT_EQ(json_of(r, "K"), nlohmann::json({"a", "b", "c"}));
  EXPECT_FALSE(json_of(r, "D").contains("x"));
  EXPECT_EQ(json_of(r, "I"), nlohmann::json({"a", "b", "c"}));
  bool logged = false;
  for (const write_event& w : r.writes) {
    if (w.target == "D['b']" && w.kind == write_event::how::mutation) logged = true;
  }
  EXPECT_TRUE(logged);
}

TEST(builtins, unmodelled_builtins_are_logged_and_unknown) {
  module_result r = eval_text("X = open('/etc/passwd').read()\n");
  EXPECT_EQ(global(r, "X").kind, value_kind::unknown);
  ASSERT_FALSE(r.calls.empty());
  EXPECT_EQ(r.calls[0].callee, "open");
}

}  // namespace
}  // namespace connplan::python::testing
