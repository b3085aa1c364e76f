#include "python/tokenizer.hpp"

#include <fmt/format.h>

#include <tao/pegtl.hpp>

#include "connplan/python/parse.hpp"
#include "python/lexical_grammar.hpp"

namespace connplan::python::detail {

namespace {

namespace pegtl = tao::pegtl;

enum class lexeme {
  whitespace,
  continuation,
  newline,
  comment,
  string,
  unterminated_triple,
  unterminated_single,
  number,
  name,
  template_tag,
  op,
  invalid
};

struct match_state {
  lexeme kind = lexeme::invalid;
};

// Actions only classify what matched; the layout logic below decides what it means. An outer
// rule's action runs after its inner rules', so `continuation` overrides the `newline` inside it.
template <class Rule>
struct classify : pegtl::nothing<Rule> {};

template <lexeme K>
struct set_kind {
  static void apply0(match_state& s) { s.kind = K; }
};
template <>
struct classify<lex::whitespace> : set_kind<lexeme::whitespace> {};
template <>
struct classify<lex::continuation> : set_kind<lexeme::continuation> {};
template <>
struct classify<lex::newline> : set_kind<lexeme::newline> {};
template <>
struct classify<lex::comment> : set_kind<lexeme::comment> {};
template <>
struct classify<lex::string_literal> : set_kind<lexeme::string> {};
template <>
struct classify<lex::unterminated_triple> : set_kind<lexeme::unterminated_triple> {};
template <>
struct classify<lex::unterminated_single> : set_kind<lexeme::unterminated_single> {};
template <>
struct classify<lex::number> : set_kind<lexeme::number> {};
template <>
struct classify<lex::name> : set_kind<lexeme::name> {};
template <>
struct classify<lex::template_tag> : set_kind<lexeme::template_tag> {};
template <>
struct classify<lex::operator_token> : set_kind<lexeme::op> {};
template <>
struct classify<lex::invalid_character> : set_kind<lexeme::invalid> {};

lexeme match_at(std::string_view text, std::uint32_t pos, std::uint32_t end,
                std::uint32_t& length) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data() + pos, text.data() + end,
                                                     "python");
  match_state state;
  length = 0;
  if (pegtl::parse<lex::token, classify>(in, state)) {
    length = static_cast<std::uint32_t>(in.current() - (text.data() + pos));
  }
  if (length == 0) {  // cannot happen for a non-empty input; be safe against an endless loop
    length = 1;
    state.kind = lexeme::invalid;
  }
  return state.kind;
}

// Tracks line and column while moving forward through the text.
class cursor {
 public:
  cursor(std::string_view text, std::uint32_t pos, source_position start)
      : text_(text), pos_(pos), line_(start.line), line_start_(pos - (start.column - 1)) {}

  [[nodiscard]] std::uint32_t pos() const { return pos_; }
  [[nodiscard]] source_position position() const { return {line_, pos_ - line_start_ + 1}; }

  void advance_to(std::uint32_t to) {
    while (pos_ < to) {
      const char c = text_[pos_++];
      // CR LF is one line end: the CR does not count when an LF follows.
      if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) {
        ++line_;
        line_start_ = pos_;
      }
    }
  }

  // The span of text[pos, to), moving the cursor to `to`.
  span take(std::uint32_t to) {
    span s;
    s.begin_offset = pos_;
    s.begin = position();
    if (to > pos_ + 1) advance_to(to - 1);
    s.end = position();
    advance_to(to);
    s.end_offset = to;
    return s;
  }

  [[nodiscard]] span here() const { return {pos_, pos_, position(), position()}; }

 private:
  std::string_view text_;
  std::uint32_t pos_;
  std::uint32_t line_;
  std::uint32_t line_start_;
};

bool is_opener(std::string_view op) {
  return op == "(" || op == "[" || op == "{";
}
bool is_closer(std::string_view op) {
  return op == ")" || op == "]" || op == "}";
}

class layout {
 public:
  layout(std::string_view text, std::uint32_t begin, std::uint32_t end, source_position start,
         bool inside_brackets)
      : text_(text), end_(end), cur_(text, begin, start), inside_brackets_(inside_brackets) {
    // Settings modules run at about one token per 5 bytes. Reserving one per 2 bytes up front
    // avoids the doubling's copies (at its last step the old and new arrays together were 3×
    // the final size, the parse's peak); pages never written are never resident.
    if (end > begin) out_.tokens.reserve((end - begin) / 2 + 2);
  }

  token_stream run() {
    bool line_start = !inside_brackets_;
    bool blank_line = false;
    while (!stopped_) {
      if (line_start) {
        line_start = false;
        blank_line = !indentation();
        if (stopped_) break;
      }
      if (cur_.pos() >= end_) break;
      std::uint32_t length = 0;
      const lexeme kind = match_at(text_, cur_.pos(), end_, length);
      const std::uint32_t to = cur_.pos() + length;
      switch (kind) {
        case lexeme::whitespace:
        case lexeme::comment:
        case lexeme::continuation:
          cur_.advance_to(to);
          break;
        case lexeme::newline:
          if (depth_ == 0 && !inside_brackets_) {
            if (!blank_line) emit(token_kind::newline, cur_.here());
            line_start = true;
          }
          cur_.advance_to(to);
          break;
        case lexeme::string:
          emit(token_kind::string, cur_.take(to));
          break;
        case lexeme::number:
          emit(token_kind::number, cur_.take(to));
          break;
        case lexeme::name:
          emit(token_kind::name, cur_.take(to));
          break;
        case lexeme::op:
          operator_token(to);
          break;
        case lexeme::unterminated_triple:
          error(to, "unterminated triple-quoted string literal");
          break;
        case lexeme::unterminated_single:
          error(to, "unterminated string literal");
          break;
        case lexeme::template_tag:
          error(to, fmt::format("template tag '{}' is not python (the file is a jinja template)",
                                text_.substr(cur_.pos(), 2)));
          break;
        case lexeme::invalid:
          error(to, fmt::format("invalid character '{}'", text_.substr(cur_.pos(), length)));
          break;
      }
    }
    finish();
    return std::move(out_);
  }

 private:
  // Measures the indentation of a new line and emits INDENT/DEDENT. Returns false for a blank or
  // comment-only line, which does not take part in indentation (reference §2.1.7).
  bool indentation() {
    std::uint32_t column = 0;
    std::uint32_t alt_column = 0;  // tabs as one column: CPython's check for ambiguous tabs
    std::uint32_t p = cur_.pos();
    for (; p < end_; ++p) {
      const char c = text_[p];
      if (c == ' ') {
        ++column;
        ++alt_column;
      } else if (c == '\t') {
        column = (column / 8 + 1) * 8;  // reference §2.1.8: "up to the next multiple of eight"
        ++alt_column;
      } else if (c == '\f') {
        column = 0;  // CPython's tokenizer resets the column at a form feed
        alt_column = 0;
      } else {
        break;
      }
    }
    cur_.advance_to(p);
    if (p >= end_ || text_[p] == '#' || text_[p] == '\n' || text_[p] == '\r') return false;
    if (column > indents_.back()) {
      if (indents_.size() > static_cast<std::size_t>(max_indent_depth)) {
        limit(fmt::format("too many levels of indentation (connplan's limit is {})",
                          max_indent_depth));
        return true;
      }
      if (alt_column <= alt_indents_.back()) return inconsistent_tabs();
      indents_.push_back(column);
      alt_indents_.push_back(alt_column);
      emit(token_kind::indent, cur_.here());
    } else {
      while (column < indents_.back()) {
        indents_.pop_back();
        alt_indents_.pop_back();
        emit(token_kind::dedent, cur_.here());
      }
      if (column != indents_.back()) {
        // CPython: "IndentationError: unindent does not match any outer indentation level".
        // The token is emitted so the parser reports it at this statement and recovers.
        out_.tokens.push_back({token_kind::error,
                               "unindent does not match any outer indentation level", cur_.here()});
      } else if (alt_column != alt_indents_.back()) {
        return inconsistent_tabs();
      }
    }
    return true;
  }

  // Parser/tokenizer.c (3.11) compares indentation twice, with tabs to multiples of 8 and with
  // tabs as 1 column; when the two disagree the meaning depends on the tab size: TabError.
  bool inconsistent_tabs() {
    out_.tokens.push_back(
        {token_kind::error, "inconsistent use of tabs and spaces in indentation", cur_.here()});
    return true;
  }

  void operator_token(std::uint32_t to) {
    const std::string_view op = text_.substr(cur_.pos(), to - cur_.pos());
    if (is_opener(op)) {
      if (depth_ >= max_bracket_depth) {
        limit(fmt::format("too many nested brackets (connplan's limit is {})", max_bracket_depth));
        return;
      }
      ++depth_;
    } else if (is_closer(op) && depth_ > 0) {
      --depth_;
    }
    emit(token_kind::op, cur_.take(to));
  }

  void emit(token_kind kind, span where) {
    std::string_view text;
    if (kind != token_kind::newline && kind != token_kind::indent && kind != token_kind::dedent) {
      text = text_.substr(where.begin_offset, where.end_offset - where.begin_offset);
    }
    out_.tokens.push_back({kind, text, where});
  }

  // Error tokens carry their message in `text` (a string literal with static storage or kept in
  // messages_); the parser reports it and recovers at the next statement.
  void error(std::uint32_t to, std::string message) {
    messages_.push_back(std::make_unique<std::string>(std::move(message)));
    const span where = cur_.take(to);
    out_.tokens.push_back({token_kind::error, *messages_.back(), where});
  }

  void limit(std::string message) {
    out_.problems.push_back({std::move(message), cur_.here(), true});
    stopped_ = true;
  }

  void finish() {
    if (!inside_brackets_) {
      if (!out_.tokens.empty() && out_.tokens.back().kind != token_kind::newline &&
          out_.tokens.back().kind != token_kind::dedent &&
          out_.tokens.back().kind != token_kind::indent) {
        emit(token_kind::newline, cur_.here());
      }
      while (indents_.size() > 1) {
        indents_.pop_back();
        emit(token_kind::dedent, cur_.here());
      }
    }
    emit(token_kind::end, cur_.here());
    out_.messages = std::move(messages_);
  }

  std::string_view text_;
  std::uint32_t end_;
  cursor cur_;
  bool inside_brackets_;
  bool stopped_ = false;
  int depth_ = 0;
  std::vector<std::uint32_t> indents_{0};
  std::vector<std::uint32_t> alt_indents_{0};
  std::vector<std::unique_ptr<std::string>> messages_;
  token_stream out_;
};

}  // namespace

token_stream tokenize(std::string_view text, std::uint32_t begin, std::uint32_t end,
                      source_position start, bool inside_brackets) {
  return layout(text, begin, end, start, inside_brackets).run();
}

token_stream tokenize(std::string_view text) {
  // A UTF-8 byte order mark is not part of the source (reference §2.1.4 encoding declarations).
  const std::uint32_t begin = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  return tokenize(text, begin, static_cast<std::uint32_t>(text.size()), {1, 1}, false);
}

source_position position_after(std::string_view text, std::uint32_t from, source_position at,
                               std::uint32_t to) {
  cursor c(text, from, at);
  c.advance_to(to);
  return c.position();
}

}  // namespace connplan::python::detail
