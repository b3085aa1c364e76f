#include "observe/settings_compare.hpp"

#include <gtest/gtest.h>

namespace connplan::observe {
namespace {

TEST(same_setting, numbers_in_base_units) {
  EXPECT_TRUE(same_setting("4096", "kB", "4096", "kB"));
  EXPECT_FALSE(same_setting("4096", "kB", "8192", "kB"));
  EXPECT_TRUE(same_setting("16384", "8kB", "131072", "kB"));  // 128MB both ways
  EXPECT_TRUE(same_setting("60000", "ms", "60", "s"));
  EXPECT_TRUE(same_setting("100", "", "100", ""));
  EXPECT_TRUE(same_setting("0.2", "", "0.20", ""));
  EXPECT_FALSE(same_setting("-1", "kB", "1", "kB"));
}

TEST(same_setting, words_ignore_case) {
  EXPECT_TRUE(same_setting("on", "", "on", ""));
  EXPECT_FALSE(same_setting("on", "", "off", ""));
  EXPECT_TRUE(same_setting("Replica", "", "replica", ""));
  EXPECT_FALSE(same_setting("'*'", "", "*", ""));
}

// PostgreSQL's SHOW prints memory and time in the largest unit that divides them evenly
// (guc.c: convert_int_from_base_unit).
TEST(display_setting, as_show_prints) {
  EXPECT_EQ(display_setting("16384", "8kB"), "128MB");
  EXPECT_EQ(display_setting("4096", "kB"), "4MB");
  EXPECT_EQ(display_setting("5000", "kB"), "5000kB");
  EXPECT_EQ(display_setting("60000", "ms"), "1min");
  EXPECT_EQ(display_setting("90", "s"), "90s");
  EXPECT_EQ(display_setting("0", "ms"), "0ms");
  EXPECT_EQ(display_setting("-1", "kB"), "-1kB");
  EXPECT_EQ(display_setting("100", ""), "100");
  EXPECT_EQ(display_setting("replica", ""), "replica");
}

}  // namespace
}  // namespace connplan::observe
