#include "pgbouncer/values.hpp"

#include <gtest/gtest.h>

namespace connplan::pgbouncer::detail {
namespace {

// tool-behaviour.md pgbouncer 1.18 #6: "Integers in [pgbouncer] use strtol(..., 0): 010 = 8,
// 0x1e = 30; negative values are accepted (max_db_connections = -5), 0 too; 1e3 invalid."
TEST(values, integers_are_strtol_base_0) {
  EXPECT_EQ(convert(value_type::integer, "010", 18).shown, "8");
  EXPECT_EQ(convert(value_type::integer, "0x1e", 18).shown, "30");
  EXPECT_EQ(convert(value_type::integer, "-5", 18).shown, "-5");
  EXPECT_EQ(convert(value_type::integer, "0", 18).shown, "0");
  EXPECT_FALSE(convert(value_type::integer, "1e3", 18).ok);
  EXPECT_FALSE(convert(value_type::integer, "20 ; note", 18).ok);
  EXPECT_FALSE(convert(value_type::integer, "", 18).ok);
  EXPECT_FALSE(convert(value_type::integer, "\"20\"", 18).ok);
}

// tool-behaviour.md #7: "Booleans are integers only: true, yes, on are invalid; 2 is accepted".
TEST(values, booleans_are_integers) {
  EXPECT_FALSE(convert(value_type::integer, "true", 18).ok);
  EXPECT_EQ(convert(value_type::integer, "2", 18).shown, "2");
}

// tool-behaviour.md #9: "unix_socket_mode = 0770 is shown by SHOW CONFIG in decimal (504)".
TEST(values, octal_shown_in_decimal) {
  EXPECT_EQ(convert(value_type::integer, "0770", 18).shown, "504");
}

// cfparser.c cf_set_uint / cf_get_uint: strtoul then %u.
TEST(values, unsigned_wraps) {
  EXPECT_EQ(convert(value_type::unsigned_integer, "-1", 18).shown, "4294967295");
}

// tool-behaviour.md #6: "Times are seconds, fractions allowed (1.5), no units (2min invalid)."
TEST(values, times) {
  EXPECT_EQ(convert(value_type::time, "1.5", 18).shown, "1.5");
  EXPECT_EQ(convert(value_type::time, "0.010", 18).shown, "0.01");
  EXPECT_EQ(convert(value_type::time, "3600", 18).shown, "3600");
  EXPECT_FALSE(convert(value_type::time, "2min", 18).ok);
  EXPECT_FALSE(convert(value_type::time, "-1", 18).ok);
}

// tool-behaviour.md #2: "enum values are case-insensitive (Transaction, REQUIRE)".
TEST(values, enums_case_insensitive) {
  EXPECT_EQ(convert(value_type::pool_mode, "Transaction", 18).shown, "transaction");
  EXPECT_EQ(convert(value_type::sslmode, "REQUIRE", 18).shown, "require");
  EXPECT_FALSE(convert(value_type::pool_mode, "transaction ; x", 18).ok);
  EXPECT_FALSE(convert(value_type::auth_type, "ldap", 18).ok);
  EXPECT_TRUE(convert(value_type::auth_type, "ldap", 25).ok);
}

// tool-behaviour.md #8: "pool_size=010 is 10 (decimal), pool_size=abc is silently 0".
TEST(values, loader_atoi_is_decimal) {
  EXPECT_EQ(loader_atoi("010"), 10);
  EXPECT_EQ(loader_atoi("abc"), 0);
  EXPECT_EQ(loader_atoi("-3"), -3);
  EXPECT_EQ(loader_atoi("12abc"), 12);
}

}  // namespace
}  // namespace connplan::pgbouncer::detail
