// The postgresql.conf grammar as PEGTL types. Token classes follow the flex scanner of
// PostgreSQL (src/backend/utils/misc/guc-file.l @ REL_15_STABLE); the line structure follows
// ParseConfigFp there: `name [=] value` then end of line, blank and comment lines allowed.
//
// flex picks the longest match and, among matches of equal length, the earliest rule (ID,
// QUALIFIED_ID, STRING, UNQUOTED_STRING, INTEGER, REAL). PEG picks the first alternative that
// matches, so each token rule below is written so that its first match is flex's longest one.
// Nothing here recurses: every repetition is a loop, so a 100 MB line cannot exhaust the stack.
#pragma once

#include <tao/pegtl.hpp>

namespace connplan::postgres::grammar {

namespace pg = tao::pegtl;

// LETTER [A-Za-z_\200-\377]: every byte with the high bit set is a letter (so a UTF-8 BOM is
// the start of an identifier, as PostgreSQL 15 was seen to do).
struct high_byte : pg::ascii::range<static_cast<char>(0x80), static_cast<char>(0xff)> {};
struct letter : pg::sor<pg::ascii::alpha, pg::one<'_'>, high_byte> {};
struct letter_or_digit : pg::sor<letter, pg::ascii::digit> {};
// UNQUOTED_STRING {LETTER}({LETTER_OR_DIGIT}|[-._:/])*
struct unquoted_char : pg::sor<letter_or_digit, pg::one<'-', '.', ':', '/'>> {};

// ID {LETTER}{LETTER_OR_DIGIT}*: only when no longer UNQUOTED_STRING match exists.
struct id : pg::seq<letter, pg::star<letter_or_digit>> {};
struct identifier : pg::seq<id, pg::not_at<unquoted_char>> {};
// QUALIFIED_ID {ID}"."{ID}: wins over an UNQUOTED_STRING of the same length.
struct qualified_identifier : pg::seq<id, pg::one<'.'>, id, pg::not_at<unquoted_char>> {};
struct unquoted_string : pg::seq<letter, pg::star<unquoted_char>> {};

// STRING \'([^'\\\n]|\\.|\'\')*\' -- the longest match: a doubled quote is only taken as an
// escaped quote when a closing quote can still follow on the line; otherwise its first quote
// closes the string (flex's longest match) and the second one starts the next token.
struct string_plain : pg::not_one<'\'', '\\', '\n'> {};
struct string_escape : pg::seq<pg::one<'\\'>, pg::not_one<'\n'>> {};
struct string_closable : pg::seq<pg::star<pg::sor<string_plain, string_escape>>, pg::one<'\''>> {};
struct string_doubled_quote : pg::seq<pg::one<'\''>, pg::one<'\''>, pg::at<string_closable>> {};
struct quoted_string
    : pg::seq<pg::one<'\''>, pg::star<pg::sor<string_plain, string_escape, string_doubled_quote>>,
              pg::one<'\''>> {};

// INTEGER {SIGN}?({DIGIT}+|0x{HEXDIGIT}+){UNIT_LETTER}*   (so `128MB` is one token, `1e3` is
// the INTEGER `1e` followed by `3`)
// REAL {SIGN}?{DIGIT}*"."{DIGIT}*{EXPONENT}?               (so `.` alone is a REAL)
// A REAL match, when there is one, is always longer than the INTEGER match: try it first.
struct sign : pg::one<'+', '-'> {};
struct exponent : pg::seq<pg::one<'e', 'E'>, pg::opt<sign>, pg::plus<pg::ascii::digit>> {};
struct real : pg::seq<pg::opt<sign>, pg::star<pg::ascii::digit>, pg::one<'.'>,
                      pg::star<pg::ascii::digit>, pg::opt<exponent>> {};
struct hex_integer : pg::seq<pg::one<'0'>, pg::one<'x'>, pg::plus<pg::ascii::xdigit>> {};
struct integer : pg::seq<pg::opt<sign>, pg::sor<hex_integer, pg::plus<pg::ascii::digit>>,
                         pg::star<pg::ascii::alpha>> {};

// [ \t\r]+ is whitespace (so CRLF files read fine); #.* is a comment up to the newline.
struct blank : pg::one<' ', '\t', '\r'> {};
struct comment : pg::seq<pg::one<'#'>, pg::star<pg::not_one<'\n'>>> {};
struct skip : pg::star<pg::sor<pg::plus<blank>, comment>> {};
struct newline : pg::one<'\n'> {};
// ParseConfigFp: "now we'd like an end of line, or possibly EOF".
struct line_end : pg::sor<newline, pg::eof> {};
struct equals : pg::one<'='> {};

// The first token of a line must be an ID or a QUALIFIED_ID.
struct name : pg::sor<identifier, qualified_identifier> {};
// The value must be an ID, STRING, INTEGER, REAL or UNQUOTED_STRING -- not a QUALIFIED_ID, so
// `x = pg_catalog.english` unquoted is a syntax error.
struct value_string : quoted_string {};
struct value_real : real {};
struct value_integer : integer {};
struct value_identifier : identifier {};
struct value_unquoted : pg::seq<pg::not_at<qualified_identifier>, unquoted_string> {};
struct value : pg::sor<value_string, value_real, value_integer, value_identifier, value_unquoted> {
};

struct setting : pg::seq<pg::not_at<pg::eof>, pg::must<name>, skip, pg::opt<equals, skip>,
                         pg::must<value>, skip, pg::must<line_end>> {};
struct line : pg::seq<skip, pg::sor<newline, setting>> {};
struct file : pg::seq<pg::star<line>, skip, pg::eof> {};

// One token as flex would cut it, for the "near token" of a syntax error.
struct any_token
    : pg::sor<quoted_string, real, integer, unquoted_string, equals, pg::not_one<'\n'>> {};

}  // namespace connplan::postgres::grammar
