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
  const std::string_view text = "\xEF\xBB\xBFx = 1\r\ny";
  const token_stream ts = tokenize(text);
  const line_index lines(text);
  EXPECT_EQ(ts.tokens[0].text, "x");
  EXPECT_EQ(ts.tokens[0].where.begin_offset, 3u);
  EXPECT_EQ(lines.position(ts.tokens[0].where.begin_offset), (source_position{1, 1}));
  EXPECT_EQ(ts.tokens[4].text, "y");
  EXPECT_EQ(lines.position(ts.tokens[4].where.begin_offset), (source_position{2, 1}));
}

TEST(tokenizer, spans_are_byte_offsets_of_the_token_text) {
  const std::string_view text = "x = '''a\nb'''\n  # c\nz\n";
  const token_stream ts = tokenize(text);
  EXPECT_EQ(ts.tokens[2].where, (span{4, 13}));
  EXPECT_EQ(text.substr(4, 9), "'''a\nb'''");
  EXPECT_EQ(ts.tokens[3].kind, token_kind::newline);
  EXPECT_EQ(ts.tokens[3].where, (span{13, 13}));  // layout tokens are empty
  EXPECT_EQ(ts.tokens[4].text, "z");
  EXPECT_EQ(ts.tokens[4].where, (span{20, 21}));
}

// Keywords and operators carry their packed spelling, so the parser compares integers.
TEST(tokenizer, words_and_keywords) {
  const token_stream ts = tokenize("if matches_long_name **= None_\n");
  EXPECT_EQ(ts.tokens[0].word, pack_word("if"));
  EXPECT_TRUE(ts.tokens[0].keyword);
  EXPECT_EQ(ts.tokens[1].word, 0u);  // longer than 8 bytes: equal to no spelling
  EXPECT_FALSE(ts.tokens[1].keyword);
  EXPECT_EQ(ts.tokens[2].word, pack_word("**="));
  EXPECT_FALSE(ts.tokens[3].keyword);  // `None_` is a name, not `None`
  EXPECT_NE(pack_word("None"), pack_word("None_"));
  EXPECT_EQ(pack_word("in"), 0x6e69u);
}

// The parser reads tokens one at a time; the stream is the same as the whole-file one.
TEST(tokenizer, token_source_streams_the_same_tokens) {
  const std::string text = "if x:\n    y = (1,\n  2)\nz = 'a' $\n";
  const token_stream whole = tokenize(text);
  token_source source(text);
  for (const token& expected : whole.tokens) {
    const token t = source.next();
    EXPECT_EQ(t.kind, expected.kind);
    EXPECT_EQ(t.text, expected.text);
    EXPECT_EQ(t.where, expected.where);
  }
  EXPECT_EQ(source.next().kind, token_kind::end);  // and `end` again after the end
  EXPECT_TRUE(source.problems().empty());

  const std::string brackets(300, '[');
  token_source deep(brackets);
  while (deep.next().kind != token_kind::end) {
  }
  ASSERT_EQ(deep.problems().size(), 1u);
  EXPECT_EQ(deep.problems()[0].where.begin_offset, static_cast<std::uint32_t>(max_bracket_depth));
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
  EXPECT_EQ(deep.problems[0].where.begin_offset, static_cast<std::uint32_t>(max_bracket_depth));
  EXPECT_LT(deep.tokens.size(), 300u);

  std::string indented;
  for (int i = 0; i < 150; ++i)
    indented += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
  const std::string blocks_text = indented + std::string(150, ' ') + "pass\n";
  const token_stream blocks = tokenize(blocks_text);
  ASSERT_EQ(blocks.problems.size(), 1u);
  EXPECT_EQ(line_index(blocks_text).position(blocks.problems[0].where.begin_offset).line,
            static_cast<std::uint32_t>(max_indent_depth) + 2);

  EXPECT_TRUE(tokenize(std::string(199, '[') + std::string(199, ']')).problems.empty());
}

}  // namespace
}  // namespace connplan::python::detail
