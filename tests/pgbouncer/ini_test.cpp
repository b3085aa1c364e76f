#include "pgbouncer/ini.hpp"

#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "pgbouncer/ini_grammar.hpp"

namespace connplan::pgbouncer::detail {
namespace {

using kind = ini_item::kind;

TEST(ini, grammar_analyzes_clean) {
  EXPECT_EQ(tao::pegtl::analyze<ini::file>(), 0u);
}

TEST(ini, sections_keys_and_positions) {
  auto items = parse_ini("[databases]\n  app = host=h port=1  \n", "x.ini");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].what, kind::section);
  EXPECT_EQ(items[0].name, "databases");
  EXPECT_EQ(items[1].name, "app");
  EXPECT_EQ(items[1].value, "host=h port=1");
  EXPECT_EQ(items[1].name_begin, (source_position{2, 3}));
  EXPECT_EQ(items[1].value_begin, (source_position{2, 9}));
  EXPECT_EQ(items[1].value_end, (source_position{2, 21}));
}

// doc/config.md: "Lines starting with ";" or "#" are taken as comments and ignored. The
// characters ";" and "#" are not recognized as special when they appear later in the line."
TEST(ini, comments_only_at_line_start) {
  auto items = parse_ini("; c\n  # c\nserver_reset_query = DISCARD ALL # x\n", "x.ini");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].value, "DISCARD ALL # x");
}

// tool-behaviour.md #5: "a quoted database name ("Quoted DB" = ...) is a syntax error in 1.18".
TEST(ini, quoted_key_is_a_syntax_error) {
  auto items = parse_ini("[databases]\n\"Quoted DB\" = host=h\nb = host=h\n", "x.ini");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[1].what, kind::syntax_error);
  EXPECT_EQ(items[1].name_begin, (source_position{2, 1}));
  EXPECT_EQ(items[2].name, "b");  // reading resumes on the next line
}

TEST(ini, unterminated_section) {
  auto items = parse_ini("[pgbouncer\nx = 1\n", "x.ini");
  ASSERT_GE(items.size(), 1u);
  EXPECT_EQ(items[0].what, kind::syntax_error);
  EXPECT_EQ(items[0].name_begin, (source_position{1, 11}));
}

// tool-behaviour.md #10: pgbouncer names the next line with CRLF; connplan names the right one.
TEST(ini, crlf_lines) {
  auto items = parse_ini("[pgbouncer]\r\nmax_client_conn = x\r\n", "x.ini");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].value, "x");
  EXPECT_EQ(items[1].value_begin.line, 2u);
}

// cfparser.c: after "]" the rest of the line is read as a new item; "%include" needs a blank.
TEST(ini, section_then_key_and_include) {
  auto items = parse_ini("[databases] a = host=h\n%include  other.ini \n%includex\n", "x.ini");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[1].name, "a");
  EXPECT_EQ(items[2].what, kind::include);
  EXPECT_EQ(items[2].name, "other.ini");
  EXPECT_EQ(items[3].what, kind::syntax_error);
}

// Debian's inih splits lines over 199 bytes; pgbouncer (and connplan) do not.
TEST(ini, long_lines) {
  std::string value = "host=h dbname=" + std::string(300, 'd');
  auto items = parse_ini("[databases]\nlong = " + value + "\n", "x.ini");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].value, value);
}

TEST(ini, garbage_does_not_crash) {
  std::string junk;
  for (int i = 1; i < 256; ++i) junk += static_cast<char>(i);
  auto items = parse_ini(junk + junk, "x.ini");
  EXPECT_FALSE(items.empty());
}

}  // namespace
}  // namespace connplan::pgbouncer::detail
