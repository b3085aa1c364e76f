// Python tokens with layout: NEWLINE at the end of each logical line, INDENT/DEDENT from the
// indentation stack, brackets joining lines. Mirrors CPython's Parser/tokenizer.c (3.11) in
// behaviour, not in code: tabs advance to the next multiple of 8, a form feed resets the column,
// blank and comment-only lines do not count, a UTF-8 BOM is skipped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/python/ast.hpp"

namespace connplan::python::detail {

enum class token_kind { name, number, string, op, newline, indent, dedent, end, error };

// A text of up to 8 bytes as one integer (byte i at bits 8i..8i+7), 0 for a longer text: the
// parser tests a token against `if`, `(` or `**=` with one comparison instead of a memcmp (string
// comparisons were a sixth of the parse). Texts compared this way never contain a NUL byte.
constexpr std::uint64_t pack_word(std::string_view s) {
  if (s.size() > 8) return 0;
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    w |= static_cast<std::uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  }
  return w;
}

// A keyword or operator spelled in the parser's source, packed at compile time.
struct token_word {
  std::uint64_t word;
  std::string_view text;
  consteval token_word(const char* s)  // NOLINT(google-explicit-constructor): literals only
      : word(pack_word(s)), text(s) {}
};

struct token {
  token_kind kind = token_kind::end;
  bool keyword = false;    // a name that is one of Python's 35 keywords (reference §2.3.1)
  std::uint64_t word = 0;  // pack_word(text)
  std::string_view text;   // empty for newline/indent/dedent/end
  python::span where;
};

// A problem the tokenizer found. `limit` problems are CP006; the others CP001. After a limit
// problem the tokenizer stops (the rest of the file is not read), as CPython refuses the file.
struct token_problem {
  std::string message;
  python::span where;
  bool limit = false;
};

struct token_stream {
  std::vector<token> tokens;  // always ends with `end`
  std::vector<token_problem> problems;
  // The messages of error tokens (their `text` views point here; stable across moves).
  std::vector<std::unique_ptr<std::string>> messages;
};

// Tokens on demand, one at a time (the parser keeps a few of look-ahead, not the file's). Error
// tokens' texts stay valid while the source lives.
class token_source {
 public:
  // text[begin, end), as tokenize() below.
  token_source(std::string_view text, std::uint32_t begin, std::uint32_t end, bool inside_brackets);
  // A whole file; a UTF-8 BOM is skipped.
  explicit token_source(std::string_view text);
  ~token_source();
  token_source(token_source&&) noexcept;
  token_source& operator=(token_source&&) noexcept;
  token_source(const token_source&) = delete;
  token_source& operator=(const token_source&) = delete;

  // The next token; after the `end` token, `end` again.
  [[nodiscard]] token next();
  // The problems met so far (a limit problem stops the stream: `end` follows).
  [[nodiscard]] const std::vector<token_problem>& problems() const;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

// Tokenizes text[begin, end). Spans are byte offsets into `text` (python::line_index turns them
// into lines and columns). `inside_brackets` is for f-string replacement fields, whose expression
// is lexed as if inside parentheses (newlines ignored, no indentation, no NEWLINE token).
[[nodiscard]] token_stream tokenize(std::string_view text, std::uint32_t begin, std::uint32_t end,
                                    bool inside_brackets);
// A whole file; a UTF-8 BOM is skipped.
[[nodiscard]] token_stream tokenize(std::string_view text);

}  // namespace connplan::python::detail
