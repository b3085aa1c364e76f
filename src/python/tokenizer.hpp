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

struct token {
  token_kind kind = token_kind::end;
  std::string_view text;  // empty for newline/indent/dedent/end
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

// Tokenizes text[begin, end); `start` is the line and column of `begin`. `inside_brackets` is for
// f-string replacement fields, whose expression is lexed as if inside parentheses (newlines
// ignored, no indentation, no NEWLINE token).
[[nodiscard]] token_stream tokenize(std::string_view text, std::uint32_t begin, std::uint32_t end,
                                    source_position start, bool inside_brackets);
// A whole file; a UTF-8 BOM is skipped.
[[nodiscard]] token_stream tokenize(std::string_view text);

// Line and column of byte offset `to`, knowing that offset `from` (<= to) is at `at`. LF, CR LF
// and CR end a line.
[[nodiscard]] source_position position_after(std::string_view text, std::uint32_t from,
                                             source_position at, std::uint32_t to);

}  // namespace connplan::python::detail
