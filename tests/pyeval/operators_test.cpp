// Tests of src/pyeval/operators.cpp: operators with Python's semantics.
#include "pyeval/operators.hpp"

#include <gtest/gtest.h>

#include "pyeval/values.hpp"

namespace connplan::python::detail {
namespace {

const op_site site{"expr", {}};

value bin(std::string_view op, value a, value b) {
  return binary_op(op, a, b, site);
}

TEST(operators, floor_division_and_modulo_round_towards_minus_infinity) {
  // Reference §6.7: "the result is that of mathematical division with the 'floor' function
  // applied"; "The modulo operator always yields a result with the same sign as its second
  // operand".
  EXPECT_EQ(bin("//", make_int(-7, {}), make_int(2, {})).integer, -4);
  EXPECT_EQ(bin("%", make_int(-7, {}), make_int(2, {})).integer, 1);
  EXPECT_EQ(bin("%", make_int(7, {}), make_int(-2, {})).integer, -1);
  EXPECT_DOUBLE_EQ(bin("%", make_float(-7.5, {}), make_int(2, {})).floating, 0.5);
  EXPECT_EQ(bin("/", make_int(7, {}), make_int(2, {})).kind, value_kind::floating);
}

TEST(operators, division_by_zero_is_unknown_with_pythons_message) {
  value r = bin("//", make_int(1, {}), make_int(0, {}));
  EXPECT_EQ(r.kind, value_kind::unknown);
  EXPECT_EQ(r.reason, "integer division or modulo by zero");
}

TEST(operators, power_and_overflow) {
  // Reference §6.5: "int ** negative int" gives a float.
  EXPECT_EQ(bin("**", make_int(2, {}), make_int(10, {})).integer, 1024);
  EXPECT_EQ(bin("**", make_int(2, {}), make_int(-1, {})).kind, value_kind::floating);
  value big = bin("**", make_int(10, {}), make_int(30, {}));
  EXPECT_EQ(big.kind, value_kind::unknown);
  EXPECT_EQ(big.reason, "integer too large");
}

TEST(operators, strings_and_lists) {
  EXPECT_EQ(bin("+", make_str("a", {}), make_str("b", {})).text, "ab");
  EXPECT_EQ(bin("*", make_str("ab", {}), make_int(3, {})).text, "ababab");
  value l = bin("+", make_sequence(value_kind::list, {make_int(1, {})}, {}),
                make_sequence(value_kind::list, {make_int(2, {})}, {}));
  EXPECT_EQ(python_repr(l), "[1, 2]");
  EXPECT_EQ(bin("+", make_str("a", {}), make_int(1, {})).reason,
            "unsupported operand type(s) for +: 'str' and 'int'");
}

TEST(operators, unknown_operand_gives_unknown_with_its_reason) {
  value u =
      make_unknown("os.environ['X']", "environment variable X is not set and has no default", {});
  value r = binary_op("*", u, make_int(2, {}), {"int(x) * 2", {}});
  EXPECT_EQ(r.kind, value_kind::unknown);
  EXPECT_EQ(r.expr, "int(x) * 2");
  EXPECT_EQ(r.reason, "environment variable X is not set and has no default");
}

TEST(operators, alternatives_combine_pairwise) {
  value a = join_alternatives({make_int(2, {}), make_int(4, {})}, "w", {});
  value r = bin("+", bin("*", a, make_int(2, {})), make_int(1, {}));
  ASSERT_EQ(r.kind, value_kind::alternatives);
  EXPECT_EQ(python_repr(r), "<one of: 5, 9>");
}

TEST(operators, comparisons_and_membership) {
  EXPECT_TRUE(compare_op("<", make_str("a", {}), make_str("b", {}), site).boolean);
  EXPECT_TRUE(compare_op("in", make_str("b", {}), make_str("abc", {}), site).boolean);
  EXPECT_TRUE(compare_op("is", make_none({}), make_none({}), site).boolean);
  EXPECT_EQ(compare_op("<", make_str("a", {}), make_int(1, {}), site).kind, value_kind::unknown);
}

TEST(operators, format_specs) {
  // Library reference, "Format Specification Mini-Language".
  std::string error;
  EXPECT_EQ(*format_value(make_float(3.14159, {}), ".2f", error), "3.14");
  EXPECT_EQ(*format_value(make_int(42, {}), ">5", error), "   42");
  EXPECT_EQ(*format_value(make_int(42, {}), "05d", error), "00042");
  EXPECT_EQ(*format_value(make_int(1234567, {}), ",", error), "1,234,567");
  EXPECT_EQ(*format_value(make_int(255, {}), "#x", error), "0xff");
  EXPECT_EQ(*format_value(make_str("ab", {}), "^6", error), "  ab  ");
  EXPECT_FALSE(format_value(make_str("ab", {}), "d", error).has_value());
}

TEST(operators, printf_style_formatting) {
  // Library reference, "printf-style String Formatting".
  EXPECT_EQ(bin("%", make_str("%s:%d", {}),
                make_sequence(value_kind::tuple, {make_str("h", {}), make_int(5432, {})}, {}))
                .text,
            "h:5432");
  value m = make_dict({});
  dict_store(*m.dict, make_str("name", {}), make_str("db", {}));
  EXPECT_EQ(bin("%", make_str("%(name)s-%%", {}), m).text, "db-%");
  EXPECT_EQ(bin("%", make_str("%05.1f", {}), make_float(2.25, {})).text, "002.2");
  EXPECT_EQ(bin("%", make_str("%s %s", {}), make_str("x", {})).kind, value_kind::unknown);
}

}  // namespace
}  // namespace connplan::python::detail
