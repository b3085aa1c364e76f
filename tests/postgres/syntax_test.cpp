// Tests of the postgresql.conf grammar against guc-file.l's rules (PostgreSQL 15) and what the
// real server was seen to do (reference/tool-behaviour.md, "PostgreSQL 15").
#include "postgres/syntax.hpp"

#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include "postgres/syntax_grammar.hpp"

namespace connplan::postgres {
namespace {

TEST(syntax, grammar_has_no_analysis_problems) {
  EXPECT_EQ(tao::pegtl::analyze<grammar::file>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<grammar::any_token>(), 0u);
}

const raw_entry& only_entry(const parse_result& r) {
  EXPECT_EQ(r.entries.size(), 1u);
  EXPECT_TRUE(r.findings.empty()) << r.findings.front().message;
  return r.entries.front();
}

std::string first_message(const parse_result& r) {
  return r.findings.empty() ? std::string("<none>") : r.findings.front().message;
}

// config.sgml: "The equal sign between name and value is optional."
TEST(syntax, equals_sign_is_optional) {
  auto r = parse("max_connections 150\n", "f");
  EXPECT_EQ(only_entry(r).name, "max_connections");
  EXPECT_EQ(only_entry(r).value, "150");
}

// config.sgml: "Hash marks (#) designate the remainder of the line as a comment ... blank lines
// are ignored."
TEST(syntax, comments_and_blank_lines) {
  auto r = parse("# top\n\n   \t\nwork_mem = 4MB # trailing\n", "f");
  const auto& e = only_entry(r);
  EXPECT_EQ(e.value, "4MB");
  EXPECT_EQ(e.name_location.begin.line, 4u);
  EXPECT_EQ(e.value_location.begin.column, 12u);
  EXPECT_EQ(e.value_location.end.column, 14u);
  EXPECT_FALSE(e.quoted);
}

// tool-behaviour.md item 9: "CRLF line endings are fine (\r is whitespace)".
TEST(syntax, crlf_line_endings) {
  auto r = parse("max_connections = 77\r\nwork_mem = '3MB'\r\n", "f");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.entries[1].value, "3MB");
  EXPECT_EQ(r.entries[1].name_location.begin.line, 2u);
}

// tool-behaviour.md item 8: "'a''b' and 'a\'b' both give a'b".
TEST(syntax, quote_escapes) {
  EXPECT_EQ(only_entry(parse("x = 'a''b'\n", "f")).value, "a'b");
  EXPECT_EQ(only_entry(parse("x = 'a\\'b'\n", "f")).value, "a'b");
  EXPECT_TRUE(only_entry(parse("x = 'a''b'\n", "f")).quoted);
}

// domain.md §6.3: "\b \f \n \r \t, \ + up to 3 octal digits, \x → x for any other char".
TEST(syntax, backslash_escapes) {
  EXPECT_EQ(unquote("'\\b\\f\\n\\r\\t'"), "\b\f\n\r\t");
  EXPECT_EQ(unquote("'\\101\\1012'"), "AA2");
  EXPECT_EQ(unquote("'\\q\\\\'"), "q\\");
  EXPECT_EQ(unquote("'a\\0b'"), "a");  // a NUL ends the C string
}

// guc-file.l: INTEGER {SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}* -- `128MB` is one token.
TEST(syntax, integer_with_unit_is_one_token) {
  EXPECT_EQ(only_entry(parse("shared_buffers = 128MB\n", "f")).value, "128MB");
  EXPECT_EQ(only_entry(parse("x = -0x1Fz\n", "f")).value, "-0x1Fz");
  EXPECT_EQ(only_entry(parse("x = .\n", "f")).token, value_token::real);
}

// tool-behaviour.md item 5: "statement_timeout = 1.5min is a syntax error ... 1e3 unquoted is a
// syntax error and 1 GB unquoted too". Messages and columns as PostgreSQL 15 printed them.
TEST(syntax, fractions_with_units_exponents_and_spaces_are_errors) {
  auto r = parse("statement_timeout = 1.5min\n", "p.conf");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "CP001");
  EXPECT_EQ(r.findings[0].message, "syntax error in file \"p.conf\" line 1, near token \"min\"");
  EXPECT_EQ(r.findings[0].location->begin.column, 24u);
  EXPECT_EQ(r.findings[0].location->end.column, 26u);
  EXPECT_EQ(first_message(parse("x = 1e3\n", "f")),
            "syntax error in file \"f\" line 1, near token \"3\"");
  EXPECT_EQ(first_message(parse("x = 1 GB\n", "f")),
            "syntax error in file \"f\" line 1, near token \"GB\"");
  EXPECT_TRUE(parse("x = '1 GB'\n", "f").findings.empty());
}

// tool-behaviour.md item 8: "listen_addresses = * unquoted is a syntax error".
TEST(syntax, unquoted_star_is_an_error) {
  EXPECT_EQ(first_message(parse("listen_addresses = *\n", "f")),
            "syntax error in file \"f\" line 1, near token \"*\"");
}

// guc-file.l: a value may be ID, STRING, INTEGER, REAL or UNQUOTED_STRING, not QUALIFIED_ID
// (observed: `default_text_search_config = pg_catalog.english` is rejected).
TEST(syntax, qualified_identifier_is_not_a_value) {
  EXPECT_EQ(first_message(parse("x = pg_catalog.english\n", "f")),
            "syntax error in file \"f\" line 1, near token \"pg_catalog.english\"");
  EXPECT_EQ(only_entry(parse("x = C.UTF-8\n", "f")).token, value_token::unquoted_string);
  EXPECT_EQ(only_entry(parse("my_ext.x = on\n", "f")).name, "my_ext.x");
  EXPECT_EQ(first_message(parse("a.b.c = 1\n", "f")),
            "syntax error in file \"f\" line 1, near token \"a.b.c\"");
}

// Observed with PostgreSQL 15: a UTF-8 BOM is three LETTER bytes (\200-\377), so it becomes
// part of the first name (then an unknown parameter), and before a comment a syntax error.
TEST(syntax, bom_is_part_of_the_first_name) {
  EXPECT_EQ(only_entry(parse("\xEF\xBB\xBFmax_connections = 50\n", "f")).name,
            "\xEF\xBB\xBFmax_connections");
  EXPECT_EQ(first_message(parse("\xEF\xBB\xBF# c\nmax_connections = 50\n", "f")),
            "syntax error in file \"f\" line 1, near end of line");
}

// Observed: an unterminated string leaves a lone quote, reported as the token.
TEST(syntax, unterminated_string) {
  EXPECT_EQ(first_message(parse("x = 'abc\n", "f")),
            "syntax error in file \"f\" line 1, near token \"'\"");
  EXPECT_EQ(first_message(parse("y = 'a''\n", "f")),
            "syntax error in file \"f\" line 1, near token \"'\"");
}

// ParseConfigFp resynchronises at the next line and reports every error (observed: lines 2
// and 3 both reported); the good lines around them are still read.
TEST(syntax, every_syntax_error_is_reported) {
  auto r = parse("a = 1\nb=\n c d e\nmax_connections = 5", "f");
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].message, "syntax error in file \"f\" line 2, near end of line");
  EXPECT_EQ(r.findings[1].message, "syntax error in file \"f\" line 3, near token \"e\"");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[1].name, "max_connections");
  EXPECT_FALSE(r.accepted());
}

TEST(syntax, valid_file_has_no_findings) {
  auto r = parse("max_connections = 100\nwork_mem = '4MB'\n", "f");
  EXPECT_TRUE(r.accepted());
  EXPECT_EQ(r.entries.size(), 2u);
}

// ParseConfigFp: "give up after 100 syntax errors per file".
TEST(syntax, gives_up_after_100_errors) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "* = 1\n";
  auto r = parse(text, "f");
  EXPECT_EQ(r.findings.size(), max_syntax_errors + 1);
  EXPECT_EQ(r.findings.back().code, "CP006");
}

// Robustness: a 100 MB single line neither recurses nor crashes.
TEST(syntax, huge_single_line) {
  std::string text = "cluster_name = '" + std::string(100u << 20, 'a') + "'";
  auto r = parse(text, "f");
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].value.size(), 100u << 20);
  std::string garbage(10u << 20, '\x01');
  EXPECT_EQ(parse(garbage, "f").findings.size(), 1u);
}

}  // namespace
}  // namespace connplan::postgres
