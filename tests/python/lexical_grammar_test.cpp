// The PEGTL lexical grammar: grammar analysis and one match per token class.
#include "python/lexical_grammar.hpp"

#include <tao/pegtl/contrib/analyze.hpp>

#include <gtest/gtest.h>

#include <string>

namespace connplan::python::detail::lex {
namespace {

template <class Rule>
std::size_t match_length(const std::string& text) {
  pegtl::memory_input in(text, "test");
  if (!pegtl::parse<Rule>(in)) return 0;
  return static_cast<std::size_t>(in.current() - text.data());
}

// PEGTL doc/Grammar-Analysis.md: analyze() finds rules that can loop without consuming input.
TEST(lexical_grammar, analyze_finds_no_problems) {
  EXPECT_EQ(pegtl::analyze<token>(1), 0u);
}

// Reference §2.4.5: "integer ::= decinteger | bininteger | octinteger | hexinteger" with
// "Underscores are ignored for determining the numeric value".
TEST(lexical_grammar, integers) {
  EXPECT_EQ(match_length<number>("1_000_000 "), 9u);
  EXPECT_EQ(match_length<number>("0x_FF"), 5u);
  EXPECT_EQ(match_length<number>("0o17"), 4u);
  EXPECT_EQ(match_length<number>("0b1010"), 6u);
  EXPECT_EQ(match_length<number>("1if"), 1u);  // `1if x else y` is valid (a warning in 3.12)
}

// Reference §2.4.6: "pointfloat ::= [digitpart] fraction | digitpart '.'", exponent floats.
TEST(lexical_grammar, floats_and_imaginary) {
  EXPECT_EQ(match_length<number>("1.5"), 3u);
  EXPECT_EQ(match_length<number>(".5"), 2u);
  EXPECT_EQ(match_length<number>("5."), 2u);
  EXPECT_EQ(match_length<number>("1e3"), 3u);
  EXPECT_EQ(match_length<number>("1_0.2_5e-1_0"), 12u);
  EXPECT_EQ(match_length<number>("2.5J"), 4u);
  EXPECT_EQ(match_length<number>("..."), 0u);
}

// Reference §2.4.1: "stringprefix ::= 'r' | 'u' | 'R' | 'U' | 'f' | 'F' | 'fr' | 'Fr' | ...".
TEST(lexical_grammar, string_prefixes_and_quotes) {
  for (const char* s : {"'a'", "\"a\"", "r'a'", "Rb'a'", "bR'a'", "fR'a'", "rF'a'", "u'a'",
                        "'''a\n'b'''", "\"\"\"a\"\"\"", "'a\\'b'", "r'\\''"}) {
    EXPECT_EQ(match_length<string_literal>(s), std::string(s).size()) << s;
  }
  EXPECT_EQ(match_length<string_literal>("ur'a'"), 0u);   // not a Python 3 prefix
  EXPECT_EQ(match_length<string_literal>("'a\nb'"), 0u);  // a short string ends at the line
}

TEST(lexical_grammar, unterminated_strings_are_error_points) {
  EXPECT_EQ(match_length<unterminated_single>("'abc\nx"), 4u);
  EXPECT_EQ(match_length<unterminated_triple>("'''abc\nx"), 8u);
}

// SOURCES.md: cookiecutter files hold "Jinja-templated Python (`{% if cookiecutter... %}`)".
TEST(lexical_grammar, template_tags) {
  EXPECT_EQ(match_length<template_tag>("{% if x -%}\nA"), 11u);
  EXPECT_EQ(match_length<template_tag>("{%- endif %}"), 12u);
  EXPECT_EQ(match_length<template_tag>("{{ x }}"), 0u);  // a set display, valid syntax
}

// Reference §2.5: operators are matched longest first.
TEST(lexical_grammar, operators_longest_first) {
  EXPECT_EQ(match_length<operator_token>("**="), 3u);
  EXPECT_EQ(match_length<operator_token>("//"), 2u);
  EXPECT_EQ(match_length<operator_token>(":="), 2u);
  EXPECT_EQ(match_length<operator_token>("->"), 2u);
  EXPECT_EQ(match_length<operator_token>("!"), 0u);
}

TEST(lexical_grammar, names_accept_utf8) {
  EXPECT_EQ(match_length<name>("caf\xc3\xa9 = 1"), 5u);
  EXPECT_EQ(match_length<name>("1abc"), 0u);
}

}  // namespace
}  // namespace connplan::python::detail::lex
