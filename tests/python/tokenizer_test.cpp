// Layout: logical lines, INDENT/DEDENT, brackets, continuations, line ends, limits.
#include "python/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "connplan/python/parse.hpp"

namespace connplan::python::detail {
namespace {

// A compact picture of the token stream: names and ops as written, N/I/D/E for layout tokens.
std::string kinds(std::string_view text) {
  const token_stream ts = tokenize(text);
  std::string out;
  for (const token& t : ts.tokens) {
    switch (t.kind) {
      case token_kind::newline:
        out += "N ";
        break;
      case token_kind::indent:
        out += "I ";
        break;
      case token_kind::dedent:
        out += "D ";
        break;
      case token_kind::end:
        out += "E";
        break;
      case token_kind::error:
        out += "!" + std::string(t.text) + " ";
        break;
      default:
        out += std::string(t.text) + " ";
        break;
    }
  }
  return out;
}

// Reference §2.1.8: "the indentation levels of consecutive lines are used to generate INDENT and
// DEDENT tokens, using a stack".
TEST(tokenizer, indent_and_dedent) {
  EXPECT_EQ(kinds("if x:\n    y\n    if z:\n        w\nv\n"),
            "if x : N I y N if z : N I w N D D v N E");
}

// Reference §2.1.7: "A logical line that contains only spaces, tabs, formfeeds and possibly a
// comment, is ignored (i.e., no NEWLINE token is generated)".
TEST(tokenizer, blank_and_comment_lines) {
  EXPECT_EQ(kinds("a\n\n   # c\n  \nb  # d\n"), "a N b N E");
}

// Reference §2.1.6: "Expressions in parentheses, square brackets or curly braces can be split
// over more than one physical line without using backslashes".
TEST(tokenizer, implicit_joining) {
  EXPECT_EQ(kinds("x = [\n  1,\n    2]\n"), "x = [ 1 , 2 ] N E");
}

// Reference §2.1.5: "Two or more physical lines may be joined into logical lines using backslash
// characters".
TEST(tokenizer, explicit_joining) {
  EXPECT_EQ(kinds("x = 1 + \\\n  2\n"), "x = 1 + 2 N E");
}

// Reference §2.1.8: "tabs are replaced (from left to right) by one to eight spaces such that the
// total number of characters up to and including the replacement is a multiple of eight".
TEST(tokenizer, tabs_to_multiple_of_eight) {
  EXPECT_EQ(kinds("if x:\n\ty\n\tz\n"), "if x : N I y N z N D E");
  // TabError in CPython: the meaning would depend on the tab size
  EXPECT_EQ(kinds("if x:\n\ty\n        z\n"),
            "if x : N I y N !inconsistent use of tabs and spaces in indentation z N D E");
}

// CPython's tokenizer resets the indentation column at a form feed (reference §2.1.8: "a
// formfeed character may be present at the start of the line; it will be ignored").
TEST(tokenizer, form_feed) {
  EXPECT_EQ(kinds("if x:\n    y\n\fz\n"), "if x : N I y N D z N E");
}

TEST(tokenizer, crlf_cr_bom_and_no_final_newline) {
  EXPECT_EQ(kinds("a = 1\r\nb = 2\rc = 3"), "a = 1 N b = 2 N c = 3 N E");
  const token_stream ts = tokenize("\xEF\xBB\xBFx = 1\r\ny");
  EXPECT_EQ(ts.tokens[0].text, "x");
  EXPECT_EQ(ts.tokens[0].where.begin, (source_position{1, 1}));
  EXPECT_EQ(ts.tokens[4].text, "y");
  EXPECT_EQ(ts.tokens[4].where.begin, (source_position{2, 1}));
}

TEST(tokenizer, locations_are_lines_and_byte_columns) {
  const token_stream ts = tokenize("x = '''a\nb'''\n  # c\nz\n");
  EXPECT_EQ(ts.tokens[2].where.begin, (source_position{1, 5}));
  EXPECT_EQ(ts.tokens[2].where.end, (source_position{2, 4}));  // inclusive end
  EXPECT_EQ(ts.tokens[4].text, "z");
  EXPECT_EQ(ts.tokens[4].where.begin, (source_position{4, 1}));
}

TEST(tokenizer, errors_are_tokens) {
  EXPECT_EQ(kinds("x = 'abc\ny = 1\n"), "x = !unterminated string literal N y = 1 N E");
  EXPECT_EQ(kinds("x = $\n"), "x = !invalid character '$' N E");
  EXPECT_EQ(kinds("if x:\n    y\n  z\n"),
            "if x : N I y N D !unindent does not match any outer indentation level z N E");
}

// CPython's Parser/tokenizer.c: MAXLEVEL 200 ("too many nested parentheses") and MAXINDENT 100.
TEST(tokenizer, limits_stop_the_tokenizer) {
  const token_stream deep = tokenize(std::string(100000, '(') + std::string(100000, ')'));
  ASSERT_EQ(deep.problems.size(), 1u);
  EXPECT_EQ(deep.problems[0].where.begin.column, static_cast<std::uint32_t>(max_bracket_depth) + 1);
  EXPECT_LT(deep.tokens.size(), 300u);

  std::string indented;
  for (int i = 0; i < 150; ++i)
    indented += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
  const token_stream blocks = tokenize(indented + std::string(150, ' ') + "pass\n");
  ASSERT_EQ(blocks.problems.size(), 1u);
  EXPECT_EQ(blocks.problems[0].where.begin.line, static_cast<std::uint32_t>(max_indent_depth) + 2);

  EXPECT_TRUE(tokenize(std::string(199, '[') + std::string(199, ']')).problems.empty());
}

}  // namespace
}  // namespace connplan::python::detail
