// Python's int()/int(x, 0)/float() as argparse and click call them.
#include <gtest/gtest.h>

#include "launch/option_parsers.hpp"

namespace connplan::launch::detail {
namespace {

TEST(python_values, int_like_python) {
  long long v = 0;
  EXPECT_TRUE(python_int(" 3 ", false, &v));
  EXPECT_EQ(v, 3);
  EXPECT_TRUE(python_int("1_000", false, &v));  // PEP 515
  EXPECT_EQ(v, 1000);
  EXPECT_TRUE(python_int("-1", false, &v));
  EXPECT_FALSE(python_int("0x10", false, nullptr));
  EXPECT_TRUE(python_int("0x10", true, &v));
  EXPECT_EQ(v, 16);
  EXPECT_FALSE(python_int("08", true, nullptr));  // int('08', 0): invalid
  EXPECT_FALSE(python_int("1__0", false, nullptr));
  EXPECT_FALSE(python_int("", false, nullptr));
}

TEST(python_values, float_and_repr) {
  EXPECT_TRUE(python_float("1.5"));
  EXPECT_TRUE(python_float("inf"));
  EXPECT_TRUE(python_float("1e3"));
  EXPECT_FALSE(python_float("x"));
  EXPECT_EQ(python_repr("a'b"), "\"a'b\"");
  EXPECT_EQ(python_repr("x"), "'x'");
}

}  // namespace
}  // namespace connplan::launch::detail
