// Number and string decoding, and f-string structure.
#include "python/literals.hpp"

#include <gtest/gtest.h>

namespace connplan::python::detail {
namespace {

// Reference §2.4.5: "Underscores are ignored for determining the numeric value of the literal"
// and "There is no limit for the length of integer literals".
TEST(literals, integers) {
  EXPECT_EQ(decode_number("1_000").integer, 1000);
  EXPECT_EQ(decode_number("0xff").integer, 255);
  EXPECT_EQ(decode_number("0o17").integer, 15);
  EXPECT_EQ(decode_number("0B101").integer, 5);
  EXPECT_EQ(decode_number("9223372036854775807").kind, constant_kind::integer);
  const decoded_number big = decode_number("0x1_0000_0000_0000_0000");
  EXPECT_EQ(big.kind, constant_kind::big_integer);
  EXPECT_EQ(big.text, "18446744073709551616");
}

// Reference §2.4.6-2.4.7.
TEST(literals, floats_and_imaginary) {
  EXPECT_EQ(decode_number("1e3").kind, constant_kind::floating);
  EXPECT_DOUBLE_EQ(decode_number("1e3").floating, 1000.0);
  EXPECT_DOUBLE_EQ(decode_number(".5").floating, 0.5);
  EXPECT_EQ(decode_number("2.5j").kind, constant_kind::imaginary);
  EXPECT_DOUBLE_EQ(decode_number("2.5j").floating, 2.5);
}

TEST(literals, string_token_parts) {
  const string_token s = split_string_token("Rb'''x'''");
  EXPECT_TRUE(s.raw);
  EXPECT_TRUE(s.bytes);
  EXPECT_FALSE(s.formatted);
  EXPECT_EQ(s.body, "x");
  EXPECT_EQ(s.body_begin, 5u);
  EXPECT_EQ(split_string_token("''").body, "");
}

// Reference §2.4.1.1 escape sequences; "unrecognized escape sequences are left in the string
// unchanged".
TEST(literals, escapes) {
  EXPECT_EQ(decode_escapes("a\\tb\\n\\\\\\'\\x41\\101", false), "a\tb\n\\'AA");
  EXPECT_EQ(decode_escapes("\\u00e9\\U0001F600", false), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(decode_escapes("\\d", false), "\\d");
  EXPECT_EQ(decode_escapes("a\\\nb", false), "ab");
  EXPECT_EQ(decode_escapes("\\xff\\u0041", true), "\xff\\u0041");  // \u is not an escape in bytes
  EXPECT_EQ(decode_escapes("a\r\nb\rc", false), "a\nb\nc");
}

// Reference §2.4.3: "Escape sequences are decoded like in ordinary string literals"; "{{" and "}}"
// are replaced by single braces; a replacement field is "{" expression ["="] ["!" conversion]
// [":" format_spec] "}".
TEST(literals, fstring_pieces) {
  const fstring_split s = split_fstring("a{{b}} {x!r:>{w}} {y=}", false);
  ASSERT_TRUE(s.error.empty());
  ASSERT_EQ(s.pieces.size(), 4u);
  EXPECT_EQ(s.pieces[0].literal, "a{b} ");
  EXPECT_TRUE(s.pieces[1].is_field);
  EXPECT_EQ(s.pieces[1].conversion, 'r');
  EXPECT_TRUE(s.pieces[1].has_spec);
  ASSERT_EQ(s.pieces[1].spec.size(), 2u);
  EXPECT_EQ(s.pieces[1].spec[0].literal, ">");
  EXPECT_TRUE(s.pieces[1].spec[1].is_field);
  EXPECT_TRUE(s.pieces[3].self_documenting);
  EXPECT_EQ(s.pieces[3].expr_begin, 19u);
}

TEST(literals, fstring_errors) {
  EXPECT_EQ(split_fstring("a}b", false).error, "f-string: single '}' is not allowed");
  EXPECT_EQ(split_fstring("{}", false).error, "f-string: empty expression not allowed");
  EXPECT_EQ(split_fstring("{x", false).error, "f-string: expecting '}'");
  EXPECT_EQ(split_fstring("{a:{b:{c}}}", false).error, "f-string: expressions nested too deeply");
  EXPECT_TRUE(split_fstring("{a:{b}}", false).error.empty());
}

}  // namespace
}  // namespace connplan::python::detail
