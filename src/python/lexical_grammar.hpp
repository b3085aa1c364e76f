// The lexical grammar of Python 3.11 as PEGTL rules: one `token` at a time. Layout (INDENT, DEDENT,
// NEWLINE, bracket depth) is stateful and lives in tokenizer.cpp; the actions that classify a match
// live there too, apart from the grammar.
// Reference: The Python Language Reference 3.11, chapter 2 "Lexical analysis".
#pragma once

#include <tao/pegtl.hpp>

namespace connplan::python::detail::lex {

namespace pegtl = tao::pegtl;
using pegtl::any;
using pegtl::eof;
using pegtl::istring;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::range;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::string;
using pegtl::until;

// §2.1.2-2.1.3: a physical line ends with LF, CR LF or CR.
struct newline : sor<string<'\r', '\n'>, one<'\n'>, one<'\r'>> {};
// §2.1.5: a backslash at the end of a physical line joins it with the next.
struct continuation : seq<one<'\\'>, newline> {};
// §2.1.8 (form feed resets the indentation column, handled by the tokenizer).
struct whitespace : plus<one<' ', '\t', '\f'>> {};
// §2.1.3
struct comment : seq<one<'#'>, star<not_one<'\r', '\n'>>> {};

// §2.3: identifiers. Non-ASCII letters are accepted as any byte >= 0x80 (UTF-8), which is a
// superset of what NFKC-normalised XID_Start/XID_Continue allows.
struct utf8_byte : range<'\x80', '\xff'> {};
struct name_start : sor<ranges<'a', 'z', 'A', 'Z', '_'>, utf8_byte> {};
struct name_char : sor<ranges<'a', 'z', 'A', 'Z', '0', '9', '_'>, utf8_byte> {};
struct name : seq<name_start, star<name_char>> {};

// §2.4.5 integer literals, §2.4.6 floating point literals, §2.4.7 imaginary literals.
struct digit : range<'0', '9'> {};
struct digit_part : seq<digit, star<opt<one<'_'>>, digit>> {};
struct hex_digit : ranges<'0', '9', 'a', 'f', 'A', 'F'> {};
struct hex_integer : seq<one<'0'>, one<'x', 'X'>, plus<opt<one<'_'>>, hex_digit>> {};
struct oct_integer : seq<one<'0'>, one<'o', 'O'>, plus<opt<one<'_'>>, range<'0', '7'>>> {};
struct bin_integer : seq<one<'0'>, one<'b', 'B'>, plus<opt<one<'_'>>, one<'0', '1'>>> {};
struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, digit_part> {};
struct point_float : sor<seq<opt<digit_part>, one<'.'>, digit_part>, seq<digit_part, one<'.'>>> {};
struct exponent_float : seq<sor<point_float, digit_part>, exponent> {};
struct float_number : sor<exponent_float, point_float> {};
struct imag_number : seq<sor<float_number, digit_part>, one<'j', 'J'>> {};
struct number : sor<imag_number, float_number, hex_integer, oct_integer, bin_integer, digit_part> {
};

// §2.4.1 string and bytes literals: prefixes in any case, four quote styles. The escape rule is
// lexical only (`\` keeps the next character, even in raw strings: r"\"" is one literal); escapes
// are decoded in literals.cpp. f-strings lex as strings in 3.11 (PEP 701 came with 3.12).
struct string_prefix : opt<sor<istring<'r', 'b'>, istring<'b', 'r'>, istring<'r', 'f'>,
                               istring<'f', 'r'>, one<'r', 'R', 'u', 'U', 'b', 'B', 'f', 'F'>>> {};
struct escape : seq<one<'\\'>, sor<string<'\r', '\n'>, any>> {};
template <char Q>
struct triple_quoted : seq<string<Q, Q, Q>, until<string<Q, Q, Q>, sor<escape, any>>> {};
template <char Q>
struct single_quoted : seq<one<Q>, until<one<Q>, sor<escape, not_one<'\r', '\n'>>>> {};
// After three quotes only a triple-quoted body may follow: `'''abc` is an unterminated
// triple-quoted string, not the empty string '' followed by 'abc.
struct triple_quote : sor<string<'"', '"', '"'>, string<'\'', '\'', '\''>> {};
struct string_literal
    : seq<string_prefix,
          sor<triple_quoted<'"'>, triple_quoted<'\''>,
              seq<pegtl::not_at<triple_quote>, sor<single_quoted<'"'>, single_quoted<'\''>>>>> {};

// Deliberate error points, tried only after a well-formed literal failed to match.
struct unterminated_triple : seq<string_prefix, triple_quote, star<any>> {};
struct unterminated_single : seq<string_prefix, one<'"', '\''>, star<not_one<'\r', '\n'>>> {};
// Jinja statement and comment tags (`{% if %}`, `{# #}`) are never Python: a `{` followed by `%`
// or `#` cannot start a display. `{{ x }}` *is* valid Python syntax (a set display) and is left to
// the parser.
struct template_tag_end : seq<opt<one<'-'>>, one<'%', '#'>, opt<one<'-'>>, one<'}'>> {};
struct template_tag
    : seq<one<'{'>, one<'%', '#'>, until<sor<template_tag_end, pegtl::at<newline>, eof>>> {};

// §2.5 operators and §2.6 delimiters, longest first.
struct operator_token
    : sor<string<'*', '*', '='>, string<'/', '/', '='>, string<'>', '>', '='>,
          string<'<', '<', '='>, string<'.', '.', '.'>, string<'-', '>'>, string<':', '='>,
          string<'*', '*'>, string<'/', '/'>, string<'<', '<'>, string<'>', '>'>, string<'<', '='>,
          string<'>', '='>, string<'=', '='>, string<'!', '='>, string<'+', '='>, string<'-', '='>,
          string<'*', '='>, string<'/', '='>, string<'%', '='>, string<'@', '='>, string<'&', '='>,
          string<'|', '='>, string<'^', '='>,
          one<'+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{',
              '}', ',', ':', ';', '.', '='>> {};

struct invalid_character : any {};

// One lexical unit at the current position. Order matters: a string prefix is also a name, a
// number may start with '.', and the error points come after what they guard.
struct token
    : sor<whitespace, continuation, newline, comment, string_literal, unterminated_triple,
          unterminated_single, number, name, template_tag, operator_token, invalid_character> {};

}  // namespace connplan::python::detail::lex
