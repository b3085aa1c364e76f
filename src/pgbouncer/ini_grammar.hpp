// The syntax of pgbouncer.ini as libusual's parse_ini_file_internal (usual/cfparser.c, the copy
// bundled with pgbouncer 1.18 … 1.24; unchanged between them) reads it, as a PEGTL grammar.
//
// Why not inih: Debian's inih (r55) splits a line longer than 199 bytes into a bogus extra key and
// keeps "#" text inside values, so a long [databases] connection string "parses" into two wrong
// entries. pgbouncer has no line limit and no inline comments.
//
// The C reader is not line-based: it skips any whitespace (newlines included), then looks at one
// item: "%include" + blank, a comment (';' or '#' to the end of the line), a section header
// "[name]" (anything up to ']' on the same line, so the rest of that line is read as a new item),
// or "key = value". Keys are [A-Za-z0-9_.*-]* (possibly empty: "= x" is a key ""); the value is the
// rest of the line with trailing whitespace (including a CR) trimmed. ';' and '#' later in a line
// are part of the value. There is no quoting: `"Quoted DB" = x` stops at '"' with a syntax error.
#pragma once

#include <tao/pegtl.hpp>

namespace connplan::pgbouncer::detail::ini {

namespace pegtl = tao::pegtl;

// C isspace() in the C locale: space, \t, \n, \v, \f, \r.
struct space : pegtl::one<' ', '\t', '\n', '\v', '\f', '\r'> {};
struct blank : pegtl::one<' ', '\t'> {};
struct rest_of_line : pegtl::star<pegtl::not_one<'\n'>> {};

struct include_keyword : pegtl::string<'%', 'i', 'n', 'c', 'l', 'u', 'd', 'e'> {};
struct include_path : rest_of_line {};
struct include : pegtl::seq<include_keyword, pegtl::plus<blank>, include_path> {};

struct comment : pegtl::seq<pegtl::one<';', '#'>, rest_of_line> {};

struct section_name : pegtl::star<pegtl::not_one<']', '\n'>> {};
struct section_close : pegtl::one<']'> {};
struct section : pegtl::seq<pegtl::one<'['>, section_name, pegtl::must<section_close>> {};

struct key_char : pegtl::sor<pegtl::alnum, pegtl::one<'_', '.', '-', '*'>> {};
struct key : pegtl::star<key_char> {};
struct equals : pegtl::one<'='> {};
struct value : rest_of_line {};
struct key_value
    : pegtl::seq<key, pegtl::star<blank>, pegtl::must<equals>, pegtl::star<blank>, value> {};

struct item : pegtl::sor<include, comment, section, key_value> {};
struct file
    : pegtl::seq<
          pegtl::star<pegtl::sor<pegtl::plus<space>, pegtl::seq<pegtl::not_at<pegtl::eof>, item>>>,
          pegtl::eof> {};

// Error messages at the grammar's deliberate error points (must<>), in connplan's words for
// pgbouncer's "syntax error in configuration (file:line), stopping loading".
template <class Rule>
inline constexpr const char* error_message = nullptr;
template <>
inline constexpr const char* error_message<section_close> =
    "syntax error in configuration: section header has no closing \"]\" on its line";
template <>
inline constexpr const char* error_message<equals> =
    "syntax error in configuration: expected \"=\" after the key";

template <class Rule>
struct control : pegtl::normal<Rule> {
  template <class Input, class... States>
  [[noreturn]] static void raise(const Input& in, States&&...) {
    static_assert(error_message<Rule> != nullptr, "every must<> has a message");
    throw pegtl::parse_error(error_message<Rule>, in);
  }
};

}  // namespace connplan::pgbouncer::detail::ini
