#include "pgbouncer/connstr.hpp"

#include <gtest/gtest.h>

namespace connplan::pgbouncer::detail {
namespace {

TEST(connstr, pairs_with_offsets) {
  auto p = parse_connstr("host=h  port = 5433 dbname='my db'");
  ASSERT_FALSE(p.error_at);
  ASSERT_EQ(p.pairs.size(), 3u);
  EXPECT_EQ(p.pairs[0].key, "host");
  EXPECT_EQ(p.pairs[1].value, "5433");
  EXPECT_EQ(p.pairs[1].key_offset, 8u);
  EXPECT_EQ(p.pairs[2].value, "my db");
}

// src/loader.c cstr_unquote_value: '' inside quotes is one quote; no backslash escapes.
TEST(connstr, quoting) {
  auto p = parse_connstr("user='o''brien' x='a\\b'");
  ASSERT_FALSE(p.error_at);
  EXPECT_EQ(p.pairs[0].value, "o'brien");
  EXPECT_EQ(p.pairs[1].value, "a\\b");
  EXPECT_TRUE(parse_connstr("user='open").error_at);
}

// tool-behaviour.md #4: "a comment after a connection string is a syntax error".
TEST(connstr, comment_is_a_syntax_error) {
  auto p = parse_connstr("host=h ; main db");
  ASSERT_TRUE(p.error_at);
  EXPECT_EQ(*p.error_at, 7u);
}

// cstr_get_value: "disallow empty values"; only ' ' separates pairs.
TEST(connstr, empty_value_and_tabs) {
  EXPECT_TRUE(parse_connstr("host=").error_at);
  auto p = parse_connstr("host=a\tport=5");
  ASSERT_FALSE(p.error_at);
  ASSERT_EQ(p.pairs.size(), 1u);
  EXPECT_EQ(p.pairs[0].value, "a\tport=5");
}

}  // namespace
}  // namespace connplan::pgbouncer::detail
