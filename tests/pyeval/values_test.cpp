// Tests of src/pyeval/values.cpp: Python's equality, truthiness, repr and joins.
#include "pyeval/values.hpp"

#include <gtest/gtest.h>

namespace connplan::python::detail {
namespace {

TEST(values, numbers_compare_across_types) {
  // Library reference, "Comparisons": "Numbers of built-in numeric types compare mathematically"
  // (so 1 == 1.0 == True).
  EXPECT_TRUE(*equals(make_int(1, {}), make_float(1.0, {})));
  EXPECT_TRUE(*equals(make_bool(true, {}), make_int(1, {})));
  EXPECT_FALSE(*equals(make_str("1", {}), make_int(1, {})));
  EXPECT_FALSE(equals(make_unknown("x", "r", {}), make_int(1, {})).has_value());
}

TEST(values, truth_values) {
  // Library reference, "Truth Value Testing": "zero of any numeric type", "empty sequences and
  // collections" and None are false; everything else is true.
  EXPECT_FALSE(*truthiness(make_int(0, {})));
  EXPECT_FALSE(*truthiness(make_str("", {})));
  EXPECT_TRUE(*truthiness(make_str("False", {})));
  EXPECT_FALSE(*truthiness(make_sequence(value_kind::list, {}, {})));
  EXPECT_FALSE(*truthiness(make_none({})));
  EXPECT_FALSE(truthiness(make_unknown("x", "r", {})).has_value());
}

TEST(values, float_repr_is_shortest_round_trip) {
  // Library reference, "repr()" of floats: the shortest string that round-trips; positional
  // between 1e-4 and 1e16, scientific outside.
  EXPECT_EQ(float_repr(0.1), "0.1");
  EXPECT_EQ(float_repr(1.0), "1.0");
  EXPECT_EQ(float_repr(1e16), "1e+16");
  EXPECT_EQ(float_repr(1e-05), "1e-05");
  EXPECT_EQ(float_repr(123456.5), "123456.5");
  EXPECT_EQ(float_repr(0.0001), "0.0001");
}

TEST(values, string_repr_quotes_like_python) {
  // repr('it''s') picks double quotes when the text holds a single quote and no double quote.
  EXPECT_EQ(string_repr("abc"), "'abc'");
  EXPECT_EQ(string_repr("it's"), "\"it's\"");
  EXPECT_EQ(string_repr("a\nb"), "'a\\nb'");
}

TEST(values, dict_keys_that_compare_equal_are_one_key) {
  // Library reference, "Mapping Types": "numeric values that compare equal (such as 1, 1.0, and
  // True) can be used interchangeably to index the same dictionary entry".
  value d = make_dict({});
  dict_store(*d.dict, make_int(1, {}), make_str("a", {}));
  dict_store(*d.dict, make_float(1.0, {}), make_str("b", {}));
  ASSERT_EQ(d.dict->entries.size(), 1u);
  EXPECT_EQ(d.dict->entries[0].val.text, "b");
  EXPECT_EQ(d.dict->entries[0].key.kind, value_kind::integer);
}

TEST(values, joins_flatten_deduplicate_and_cap) {
  value a = make_int(1, {});
  value b = make_int(2, {});
  value j = join_alternatives({a, b}, "x", {});
  ASSERT_EQ(j.kind, value_kind::alternatives);
  value k = join_alternatives({j, a, make_int(3, {})}, "x", {});
  ASSERT_EQ(k.kind, value_kind::alternatives);
  EXPECT_EQ(k.alternatives.size(), 3u);  // flattened, 1 once
  EXPECT_EQ(join_alternatives({a, make_int(1, {})}, "x", {}).kind, value_kind::integer);
  std::vector<value> many;
  for (int i = 0; i < 20; ++i) many.push_back(make_int(i, {}));
  value capped = join_alternatives(many, "x", {});
  EXPECT_EQ(capped.kind, value_kind::unknown);
  EXPECT_EQ(capped.reason, "too many alternatives (more than 16)");
}

TEST(values, deep_copy_keeps_aliasing_and_survives_cycles) {
  value inner = make_dict({});
  value outer = make_sequence(value_kind::list, {inner, inner}, {});
  outer.items->push_back(outer);  // a list containing itself
  copy_memo memo;
  value c = deep_copy(outer, memo);
  EXPECT_NE(c.items.get(), outer.items.get());
  EXPECT_EQ((*c.items)[0].dict.get(), (*c.items)[1].dict.get());
  EXPECT_NE((*c.items)[0].dict.get(), inner.dict.get());
  EXPECT_EQ((*c.items)[2].items.get(), c.items.get());
  EXPECT_EQ(python_repr(make_sequence(value_kind::tuple, {make_int(1, {})}, {})), "(1,)");
  outer.items->clear();  // break the cycle so the test does not leak
  c.items->clear();
}

}  // namespace
}  // namespace connplan::python::detail
