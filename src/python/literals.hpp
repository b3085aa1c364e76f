// Decoding literal tokens: numbers, string and bytes escapes, and the structure of f-strings.
// Reference: The Python Language Reference 3.11, §2.4.1 (string and bytes literals), §2.4.3
// (formatted string literals), §2.4.5-2.4.7 (numeric literals).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/python/ast.hpp"

namespace connplan::python::detail {

// A number token as CPython's parser evaluates it (underscores dropped, any base, big integers kept
// as decimal digits in `text`, which the parser then copies into the module's node storage).
struct decoded_number {
  constant_kind kind = constant_kind::integer;
  std::int64_t integer = 0;
  double floating = 0;
  std::string text;  // big_integer: the decimal digits
};
[[nodiscard]] decoded_number decode_number(std::string_view token);

// The parts of a string token: its prefix flags and the body between the quotes.
struct string_token {
  bool raw = false;
  bool bytes = false;
  bool formatted = false;
  std::uint32_t body_begin = 0;  // offset of the body inside the token
  std::string_view body;
};
[[nodiscard]] string_token split_string_token(std::string_view token);

// CR LF and CR inside a literal read as LF: CPython translates line ends when it reads source.
[[nodiscard]] std::string normalize_newlines(std::string_view body);

// Decodes backslash escapes (line ends normalized as above) as §2.4.1.1 lists them. Unknown escapes
// keep their backslash (CPython warns but keeps them); `\N{name}` is kept as written (no Unicode
// name table here).
[[nodiscard]] std::string decode_escapes(std::string_view body, bool bytes);

// One piece of an f-string body: literal text (already unescaped, `{{` → `{`), or a replacement
// field `{expr!conv:spec}` whose expression is body[expr_begin, expr_end).
struct fstring_piece {
  bool is_field = false;
  std::string literal;
  std::uint32_t expr_begin = 0;  // offsets inside the body
  std::uint32_t expr_end = 0;
  char conversion = 0;            // 'r', 's', 'a' or 0
  bool self_documenting = false;  // `{x=}` (3.8): the text "x=" is output before the value
  bool has_spec = false;
  std::vector<fstring_piece> spec;  // the format spec, itself f-string pieces
};

struct fstring_split {
  std::vector<fstring_piece> pieces;
  std::string error;               // empty when well-formed
  std::uint32_t error_offset = 0;  // inside the body
};
[[nodiscard]] fstring_split split_fstring(std::string_view body, bool raw);

}  // namespace connplan::python::detail
