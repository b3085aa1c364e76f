#include "python/tokenizer.hpp"

#include <fmt/format.h>

#include <array>
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

bool is_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c >= 0x80;
}

// The most frequent lexemes decided by hand, in the grammar's own terms (lexical_grammar.hpp stays
// the definition, and decides everything else): running PEGTL's ordered choice once per token was
// most of the tokenizer's time. Returns false when the grammar must decide.
bool quick_match(std::string_view text, std::uint32_t pos, std::uint32_t end, lexeme& kind,
                 std::uint32_t& length) {
  const auto at = [&](std::uint32_t i) -> int {
    return i < end ? static_cast<unsigned char>(text[i]) : -1;
  };
  const int c = at(pos);
  std::uint32_t p = pos + 1;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80) {
    while (p < end && is_name_char(static_cast<unsigned char>(text[p]))) ++p;
    // A name followed by a quote may be a string prefix (`rb"..."`): the grammar's case.
    if (at(p) == '\'' || at(p) == '"') return false;
    kind = lexeme::name;
  } else if (c == ' ' || c == '\t' || c == '\f') {
    while (at(p) == ' ' || at(p) == '\t' || at(p) == '\f') ++p;
    kind = lexeme::whitespace;
  } else if (c == '#') {
    while (p < end && text[p] != '\n' && text[p] != '\r') ++p;
    kind = lexeme::comment;
  } else if (c == '\n') {
    kind = lexeme::newline;
  } else if (c == '\r') {
    if (at(p) == '\n') ++p;
    kind = lexeme::newline;
  } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == '}' || c == ',' || c == ';' ||
             c == '~' || (c == '{' && at(p) != '%' && at(p) != '#') ||
             ((c == ':' || c == '=') && at(p) != '=') ||
             (c == '.' && at(p) != '.' && !(at(p) >= '0' && at(p) <= '9'))) {
    // Delimiters that begin no longer token here (`{%` is a template tag, `:=`, `==`, `...`,
    // `.5` are longer).
    kind = lexeme::op;
  } else {
    return false;
  }
  length = p - pos;
  return true;
}

// Moves forward through the text, making spans of byte offsets (lines and columns are computed
// later, and only for what is reported: python::line_index).
class cursor {
 public:
  explicit cursor(std::uint32_t pos) : pos_(pos) {}

  [[nodiscard]] std::uint32_t pos() const { return pos_; }
  void advance_to(std::uint32_t to) { pos_ = to; }

  // The span of text[pos, to), moving the cursor to `to`.
  span take(std::uint32_t to) {
    const span s{pos_, to};
    pos_ = to;
    return s;
  }

  [[nodiscard]] span here() const { return {pos_, pos_}; }

 private:
  std::uint32_t pos_;
};

// Reference §2.3.1 (3.11): the keywords; none is longer than 8 bytes, so each is one word.
constexpr std::array<std::uint64_t, 35> keyword_words = [] {
  constexpr std::array<std::string_view, 35> keywords = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  std::array<std::uint64_t, 35> out{};
  for (std::size_t i = 0; i < keywords.size(); ++i) out[i] = pack_word(keywords[i]);
  return out;
}();

bool is_keyword(std::uint64_t word) {
  if (word == 0) return false;
  for (const std::uint64_t k : keyword_words) {
    if (k == word) return true;
  }
  return false;
}

bool is_opener(std::string_view op) {
  return op == "(" || op == "[" || op == "{";
}
bool is_closer(std::string_view op) {
  return op == ")" || op == "]" || op == "}";
}

class layout {
 public:
  layout(std::string_view text, std::uint32_t begin, std::uint32_t end, bool inside_brackets)
      : text_(text),
        end_(end),
        cur_(begin),
        inside_brackets_(inside_brackets),
        line_start_(!inside_brackets) {}

  // The next token; `end` again and again after the last. Lexes only as far as needed: the
  // parser holds a few tokens of look-ahead instead of the whole file's (at 1 MB of settings the
  // token array was a third of the parse's peak memory).
  token next() {
    while (pending_head_ == pending_.size()) {
      if (finished_) return end_token_;
      pending_.clear();
      pending_head_ = 0;
      step();
    }
    return pending_[pending_head_++];
  }

  [[nodiscard]] const std::vector<token_problem>& problems() const { return problems_; }

  // Moves what a whole-stream caller keeps (tokenize below).
  std::vector<token_problem> take_problems() { return std::move(problems_); }
  std::vector<std::unique_ptr<std::string>> take_messages() { return std::move(messages_); }

 private:
  // Lexes one lexeme (or the end of the input), queueing the tokens it makes.
  void step() {
    if (line_start_) {
      line_start_ = false;
      blank_line_ = !indentation();
    }
    if (stopped_ || cur_.pos() >= end_) {
      finish();
      return;
    }
    std::uint32_t length = 0;
    lexeme kind = lexeme::invalid;
    if (!quick_match(text_, cur_.pos(), end_, kind, length)) {
      kind = match_at(text_, cur_.pos(), end_, length);
    }
    const std::uint32_t to = cur_.pos() + length;
    switch (kind) {
      case lexeme::whitespace:
      case lexeme::comment:
      case lexeme::continuation:
        cur_.advance_to(to);
        break;
      case lexeme::newline:
        if (depth_ == 0 && !inside_brackets_) {
          if (!blank_line_) emit(token_kind::newline, cur_.here());
          line_start_ = true;
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
        push({token_kind::error, false, 0, "unindent does not match any outer indentation level",
              cur_.here()});
      } else if (alt_column != alt_indents_.back()) {
        return inconsistent_tabs();
      }
    }
    return true;
  }

  // Parser/tokenizer.c (3.11) compares indentation twice, with tabs to multiples of 8 and with
  // tabs as 1 column; when the two disagree the meaning depends on the tab size: TabError.
  bool inconsistent_tabs() {
    push({token_kind::error, false, 0, "inconsistent use of tabs and spaces in indentation",
          cur_.here()});
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
    token t{kind, false, 0, {}, where};
    if (kind != token_kind::newline && kind != token_kind::indent && kind != token_kind::dedent) {
      t.text = text_.substr(where.begin_offset, where.end_offset - where.begin_offset);
      t.word = pack_word(t.text);
      t.keyword = kind == token_kind::name && is_keyword(t.word);
    }
    push(t);
  }

  void push(const token& t) {
    last_kind_ = t.kind;
    pending_.push_back(t);
  }

  // Error tokens carry their message in `text` (a string literal with static storage or kept in
  // messages_); the parser reports it and recovers at the next statement.
  void error(std::uint32_t to, std::string message) {
    messages_.push_back(std::make_unique<std::string>(std::move(message)));
    const span where = cur_.take(to);
    push({token_kind::error, false, 0, *messages_.back(), where});
  }

  void limit(std::string message) {
    problems_.push_back({std::move(message), cur_.here(), true});
    stopped_ = true;
  }

  void finish() {
    if (!inside_brackets_) {
      if (last_kind_ != token_kind::end && last_kind_ != token_kind::newline &&
          last_kind_ != token_kind::dedent && last_kind_ != token_kind::indent) {
        emit(token_kind::newline, cur_.here());
      }
      while (indents_.size() > 1) {
        indents_.pop_back();
        emit(token_kind::dedent, cur_.here());
      }
    }
    emit(token_kind::end, cur_.here());
    end_token_ = pending_.back();
    finished_ = true;
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
  std::vector<token_problem> problems_;
  bool line_start_;
  bool blank_line_ = false;
  bool finished_ = false;
  token_kind last_kind_ = token_kind::end;  // `end`: none yet
  token end_token_;
  // The tokens of the last lexeme (INDENT/DEDENT runs make several), read from pending_head_.
  std::vector<token> pending_;
  std::size_t pending_head_ = 0;
};

// A UTF-8 byte order mark is not part of the source (reference §2.1.4 encoding declarations).
std::uint32_t bom_length(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace

struct token_source::state : layout {
  using layout::layout;
};

token_source::token_source(std::string_view text, std::uint32_t begin, std::uint32_t end,
                           bool inside_brackets)
    : state_(std::make_unique<state>(text, begin, end, inside_brackets)) {}

token_source::token_source(std::string_view text)
    : token_source(text, bom_length(text), static_cast<std::uint32_t>(text.size()), false) {}

token_source::~token_source() = default;
token_source::token_source(token_source&&) noexcept = default;
token_source& token_source::operator=(token_source&&) noexcept = default;

token token_source::next() {
  return state_->next();
}

const std::vector<token_problem>& token_source::problems() const {
  return state_->problems();
}

token_stream tokenize(std::string_view text, std::uint32_t begin, std::uint32_t end,
                      bool inside_brackets) {
  layout lexer(text, begin, end, inside_brackets);
  token_stream out;
  do {
    out.tokens.push_back(lexer.next());
  } while (out.tokens.back().kind != token_kind::end);
  out.problems = lexer.take_problems();
  out.messages = lexer.take_messages();
  return out;
}

token_stream tokenize(std::string_view text) {
  return tokenize(text, bom_length(text), static_cast<std::uint32_t>(text.size()), false);
}

}  // namespace connplan::python::detail
