#include "launch/shell_words.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

namespace connplan::launch::detail {

raw_value word::raw() const {
  raw_value r;
  r.text = text;
  r.known = known;
  r.reason = reason;
  r.variables = variables;
  r.where = where;
  return r;
}

namespace {

// ---- lexing: text → tokens whose words keep their quoting and expansions ----

enum class piece_kind { literal, parameter, substitution };

struct piece {
  piece_kind kind = piece_kind::literal;
  char c = 0;              // literal
  std::size_t offset = 0;  // literal: source offset; others: start
  std::size_t end = 0;     // others: one past the end
  bool quoted = false;     // inside quotes or escaped (no field splitting, not an operator)
  std::string name;        // parameter
  std::string op;          // parameter: "", ":-", "-", ":=", "=", ":+", "+", ":?", "?", "#len"…
  std::vector<piece> arg;  // parameter: the word after the operator
  std::string source;      // parameter/substitution: the text as written
};

struct token {
  bool is_operator = false;
  std::string op;  // ";", "&&", "||", "|", "&", "\n", "(", ")", "<", ">", ">>", ">&", "<&", "&>"
  std::vector<piece> pieces;
  std::size_t begin = 0;
  std::size_t end = 0;
};

class lexer {
 public:
  lexer(std::string_view text, const std::vector<std::size_t>* offsets)
      : text_(text), offsets_(offsets) {}

  std::vector<token> run() {
    std::vector<token> out;
    token current;
    bool in_word = false;
    auto finish = [&] {
      if (in_word) {
        out.push_back(std::move(current));
        current = token{};
        in_word = false;
      }
    };
    auto start = [&] {
      if (!in_word) {
        in_word = true;
        current.begin = off(pos_);
      }
    };
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        finish();
        ++pos_;
        continue;
      }
      if (c == '\n') {
        finish();
        out.push_back(op_token("\n", pos_, 1));
        ++pos_;
        continue;
      }
      if (c == '#' && !in_word) {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>') {
        // XCU 2.7: a word of digits directly before '<' or '>' is the redirected descriptor.
        if ((c == '<' || c == '>') && in_word && all_digits(current)) {
          current = token{};
          in_word = false;
        }
        finish();
        const std::string op = read_operator();
        out.push_back(op_token(op, pos_, op.size()));
        pos_ += op.size();
        continue;
      }
      start();
      if (!lex_word_char(current.pieces, false)) {
        errors.push_back("unterminated quoted string");
        break;
      }
      current.end = off(pos_ == 0 ? 0 : pos_ - 1) + 1;
    }
    finish();
    return out;
  }

  std::vector<std::string> errors;

 private:
  std::size_t off(std::size_t i) const {
    if (offsets_ == nullptr) return i;
    if (offsets_->empty()) return 0;
    return i < offsets_->size() ? (*offsets_)[i] : offsets_->back() + 1;
  }

  token op_token(std::string op, std::size_t at, std::size_t len) const {
    token t;
    t.is_operator = true;
    t.op = std::move(op);
    t.begin = off(at);
    t.end = off(at + len - 1) + 1;
    return t;
  }

  static bool all_digits(const token& t) {
    return !t.pieces.empty() && std::all_of(t.pieces.begin(), t.pieces.end(), [](const piece& p) {
      return p.kind == piece_kind::literal && !p.quoted &&
             std::isdigit(static_cast<unsigned char>(p.c)) != 0;
    });
  }

  std::string read_operator() const {
    static constexpr std::string_view ops[] = {"&&", "||", ";;", ">>", ">&", "<&", "&>", ">|", "<<",
                                               "<>", ";",  "&",  "|",  "(",  ")",  "<",  ">"};
    for (auto op : ops) {
      if (text_.substr(pos_, op.size()) == op) return std::string(op);
    }
    return std::string(1, text_[pos_]);
  }

  void literal(std::vector<piece>& out, char c, std::size_t at, bool quoted) const {
    piece p;
    p.c = c;
    p.offset = off(at);
    p.quoted = quoted;
    out.push_back(std::move(p));
  }

  // One unit of a word at pos_ (unquoted context). False on an unterminated quote.
  bool lex_word_char(std::vector<piece>& out, bool in_braces) {
    const char c = text_[pos_];
    if (c == '\\') {
      if (pos_ + 1 >= text_.size()) {
        ++pos_;
        return true;
      }
      if (text_[pos_ + 1] == '\n') {  // line continuation
        pos_ += 2;
        return true;
      }
      literal(out, text_[pos_ + 1], pos_ + 1, true);
      pos_ += 2;
      return true;
    }
    if (c == '\'') {
      const auto close = text_.find('\'', pos_ + 1);
      if (close == std::string_view::npos) return false;
      for (auto i = pos_ + 1; i < close; ++i) literal(out, text_[i], i, true);
      if (close == pos_ + 1) {
        piece empty;  // '' still makes a (quoted, empty) word
        empty.kind = piece_kind::substitution;
        empty.op = "empty";
        empty.quoted = true;
        empty.offset = off(pos_);
        empty.end = off(close) + 1;
        out.push_back(std::move(empty));
      }
      pos_ = close + 1;
      return true;
    }
    if (c == '"') return lex_double_quoted(out);
    if (c == '$' || c == '`') return lex_dollar(out, false);
    (void)in_braces;
    literal(out, c, pos_, false);
    ++pos_;
    return true;
  }

  bool lex_double_quoted(std::vector<piece>& out) {
    const std::size_t open = pos_++;
    bool any = false;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      const char c = text_[pos_];
      if (c == '\\' && pos_ + 1 < text_.size()) {
        const char n = text_[pos_ + 1];
        if (n == '\n') {
          pos_ += 2;
          continue;
        }
        if (n == '$' || n == '`' || n == '"' || n == '\\') {
          literal(out, n, pos_ + 1, true);
          pos_ += 2;
          any = true;
          continue;
        }
      }
      if (c == '$' || c == '`') {
        if (!lex_dollar(out, true)) return false;
        any = true;
        continue;
      }
      literal(out, c, pos_, true);
      ++pos_;
      any = true;
    }
    if (pos_ >= text_.size()) return false;
    if (!any) {
      piece empty;
      empty.kind = piece_kind::substitution;
      empty.op = "empty";
      empty.quoted = true;
      empty.offset = off(open);
      empty.end = off(pos_) + 1;
      out.push_back(std::move(empty));
    }
    ++pos_;
    return true;
  }

  // Skips a balanced `$( … )` / backquoted text, honouring quotes; false if unterminated.
  bool skip_substitution(char open, char close) {
    int depth = 1;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '\'' && open != '`') {
        const auto q = text_.find('\'', pos_ + 1);
        if (q == std::string_view::npos) return false;
        pos_ = q + 1;
        continue;
      }
      if (c == close && --depth == 0) {
        ++pos_;
        return true;
      }
      if (c == open && open != close) ++depth;
      ++pos_;
    }
    return false;
  }

  bool lex_dollar(std::vector<piece>& out, bool quoted) {
    const std::size_t start = pos_;
    piece p;
    p.quoted = quoted;
    p.offset = off(start);
    if (text_[pos_] == '`') {
      ++pos_;
      if (!skip_substitution('`', '`')) return false;
      p.kind = piece_kind::substitution;
    } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '(') {
      pos_ += 2;
      if (!skip_substitution('(', ')')) return false;
      p.kind = piece_kind::substitution;
    } else if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '{') {
      pos_ += 2;
      p.kind = piece_kind::parameter;
      if (pos_ < text_.size() && text_[pos_] == '#' && pos_ + 1 < text_.size() &&
          text_[pos_ + 1] != '}') {
        p.op = "#len";
        ++pos_;
      }
      if (pos_ < text_.size() && is_name_start(text_[pos_])) {
        while (pos_ < text_.size() && is_name_char(text_[pos_])) p.name += text_[pos_++];
      } else if (pos_ < text_.size() && text_[pos_] != '}') {
        p.name = std::string(1, text_[pos_++]);  // ${1}, ${@}, ${#}…
        while (!p.name.empty() && std::isdigit(static_cast<unsigned char>(p.name[0])) != 0 &&
               pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0)
          p.name += text_[pos_++];
      }
      if (pos_ < text_.size() && text_[pos_] != '}') {
        static constexpr std::string_view ops[] = {":-", ":=", ":?", ":+", "##", "%%", "-",
                                                   "=",  "?",  "+",  "#",  "%",  "/"};
        for (auto op : ops) {
          if (text_.substr(pos_, op.size()) == op) {
            p.op = std::string(op);
            pos_ += op.size();
            break;
          }
        }
        if (p.op.empty() || p.op == "#len") p.op = p.op.empty() ? "?bad" : p.op;
        // The word after the operator, up to the matching '}'.
        while (pos_ < text_.size() && text_[pos_] != '}') {
          if (text_[pos_] == '"') {
            if (!lex_double_quoted(p.arg)) return false;
            continue;
          }
          const char c = text_[pos_];
          if (c == '\\' || c == '\'' || c == '$' || c == '`') {
            if (!lex_word_char(p.arg, true)) return false;
            continue;
          }
          literal(p.arg, c, pos_, quoted);
          ++pos_;
        }
      }
      if (pos_ >= text_.size()) return false;
      ++pos_;  // '}'
    } else if (pos_ + 1 < text_.size() && is_name_start(text_[pos_ + 1])) {
      ++pos_;
      p.kind = piece_kind::parameter;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) p.name += text_[pos_++];
    } else if (pos_ + 1 < text_.size() &&
               std::string_view("@*#?$!-0123456789").find(text_[pos_ + 1]) !=
                   std::string_view::npos) {
      p.kind = piece_kind::parameter;
      p.name = std::string(1, text_[pos_ + 1]);
      pos_ += 2;
    } else {
      literal(out, '$', pos_, quoted);
      ++pos_;
      return true;
    }
    p.end = off(pos_ - 1) + 1;
    p.source = std::string(text_.substr(start, pos_ - start));
    out.push_back(std::move(p));
    return true;
  }

  std::string_view text_;
  const std::vector<std::size_t>* offsets_;
  std::size_t pos_ = 0;
};

// ---- expansion: pieces → fields ----

struct field_char {
  char c;
  std::size_t offset;
  bool splittable;  // came from an unquoted expansion (XCU 2.6.5)
};

struct expansion {
  std::vector<field_char> chars;
  bool known = true;
  std::string reason;
  std::vector<std::string> variables;
  bool all_arguments = false;
  bool quoted = false;
  std::size_t* budget = nullptr;  // bytes the call's expansions may still add

  void unknown(const std::string& why, const std::string& variable) {
    if (known) reason = why;
    known = false;
    if (!variable.empty() &&
        std::find(variables.begin(), variables.end(), variable) == variables.end())
      variables.push_back(variable);
  }
};

void expand_pieces(const std::vector<piece>& pieces, const shell_env& env, expansion& out);

// What the expansions of one split_shell call may add, in bytes. `A=$A$A` repeated doubles a
// value per line: 20 lines of a script would otherwise need gigabytes (found by
// fuzz_launch_files). Past the limit an expansion is unknown, with the reason, never cut short.
// Each byte costs sizeof(field_char) while expanding, so the limit also bounds that memory.
constexpr std::size_t max_expanded_bytes = std::size_t{1} << 20;

void add_text(expansion& out, const std::string& text, std::size_t offset, bool splittable) {
  for (char c : text) out.chars.push_back({c, offset, splittable});
}

// Adds a variable's value, or makes the expansion unknown when the call's budget is spent.
bool add_value(expansion& out, const std::string& value, std::size_t offset, bool splittable,
               const std::string& name) {
  if (value.size() > *out.budget) {
    out.unknown(fmt::format("the expansion of {} would exceed the limit of {} MiB per command",
                            name, max_expanded_bytes >> 20),
                name);
    return false;
  }
  *out.budget -= value.size();
  add_text(out, value, offset, splittable);
  return true;
}

void expand_parameter(const piece& p, const shell_env& env, expansion& out) {
  const bool splittable = !p.quoted;
  if (p.name == "@" || p.name == "*") {
    out.all_arguments = true;
    out.unknown("the script's arguments ($" + p.name + ") are not known", "");
    add_text(out, p.source, p.offset, false);
    return;
  }
  if (p.name.empty() || (!is_name_start(p.name[0]))) {
    out.unknown(fmt::format("shell parameter {} is not known", p.source), "");
    add_text(out, p.source, p.offset, false);
    return;
  }
  const auto it = env.find(p.name);
  const bool set = it != env.end();
  const bool empty = set && it->second.known && it->second.value.empty();
  auto use_value = [&] {
    if (!it->second.known) {
      out.unknown(it->second.reason, p.name);
      for (const auto& v : it->second.variables)
        if (std::find(out.variables.begin(), out.variables.end(), v) == out.variables.end())
          out.variables.push_back(v);
      add_text(out, p.source, p.offset, false);
      return;
    }
    if (!add_value(out, it->second.value, p.offset, splittable, p.name))
      add_text(out, p.source, p.offset, false);
  };
  auto use_arg = [&] {
    expansion inner;
    inner.budget = out.budget;
    expand_pieces(p.arg, env, inner);
    if (!inner.known) {
      out.unknown(inner.reason, "");
      for (const auto& v : inner.variables) out.unknown(inner.reason, v);
    }
    if (!p.arg.empty() &&
        std::all_of(p.arg.begin(), p.arg.end(), [](const piece& x) { return x.quoted; }))
      out.quoted = true;
    for (auto c : inner.chars) out.chars.push_back({c.c, c.offset, c.splittable && splittable});
  };
  const std::string& op = p.op;
  if (op.empty()) {
    if (!set) {
      out.unknown(fmt::format("environment variable {} is not set", p.name), p.name);
      add_text(out, p.source, p.offset, false);
      return;
    }
    use_value();
    return;
  }
  if (op == ":-" || op == ":=") {
    if (!set || empty) return use_arg();
    if (!it->second.known && op == ":-") {
      // Unknown but possibly empty: still unknown.
      return use_value();
    }
    return use_value();
  }
  if (op == "-" || op == "=") return set ? use_value() : use_arg();
  if (op == ":+") {
    if (!set || empty) return;
    if (!it->second.known) {
      out.unknown(it->second.reason, p.name);
      add_text(out, p.source, p.offset, false);
      return;
    }
    return use_arg();
  }
  if (op == "+") return set ? use_arg() : void();
  if (op == ":?" || op == "?") {
    if (!set || (op == ":?" && empty)) {
      out.unknown(
          fmt::format("environment variable {} is not set (sh would stop: {})", p.name, p.source),
          p.name);
      add_text(out, p.source, p.offset, false);
      return;
    }
    return use_value();
  }
  if (op == "#len" && set && it->second.known) {
    add_text(out, std::to_string(it->second.value.size()), p.offset, splittable);
    return;
  }
  out.unknown(fmt::format("the expansion {} is not evaluated", p.source), p.name);
  add_text(out, p.source, p.offset, false);
}

void expand_pieces(const std::vector<piece>& pieces, const shell_env& env, expansion& out) {
  for (const auto& p : pieces) {
    if (p.quoted) out.quoted = true;
    switch (p.kind) {
      case piece_kind::literal:
        out.chars.push_back({p.c, p.offset, false});
        break;
      case piece_kind::parameter:
        expand_parameter(p, env, out);
        break;
      case piece_kind::substitution:
        if (p.op == "empty") break;
        out.unknown(fmt::format("command substitution {} is not run", p.source), "");
        add_text(out, p.source, p.offset, false);
        break;
    }
  }
}

word make_word(const std::vector<field_char>& chars, std::size_t from, std::size_t to,
               const expansion& e) {
  word w;
  for (auto i = from; i < to; ++i) {
    w.text += chars[i].c;
    w.offsets.push_back(chars[i].offset);
  }
  if (!w.offsets.empty()) {
    w.where = {*std::min_element(w.offsets.begin(), w.offsets.end()),
               *std::max_element(w.offsets.begin(), w.offsets.end()) + 1};
  }
  w.known = e.known;
  w.reason = e.reason;
  w.variables = e.variables;
  w.all_arguments = e.all_arguments;
  w.quoted = e.quoted;
  return w;
}

// Expands one token into zero or more fields.
std::vector<word> expand_token(const token& t, const shell_env& env, std::size_t& budget) {
  expansion e;
  e.budget = &budget;
  expand_pieces(t.pieces, env, e);
  std::vector<word> out;
  // Field splitting with the default IFS (space, tab, newline) on characters that came from
  // unquoted expansions.
  auto is_ifs = [](const field_char& c) {
    return c.splittable && (c.c == ' ' || c.c == '\t' || c.c == '\n');
  };
  std::size_t i = 0;
  const std::size_t n = e.chars.size();
  bool produced = false;
  while (i < n) {
    while (i < n && is_ifs(e.chars[i])) ++i;
    if (i >= n) break;
    std::size_t j = i;
    while (j < n && !is_ifs(e.chars[j])) ++j;
    out.push_back(make_word(e.chars, i, j, e));
    produced = true;
    i = j;
  }
  if (!produced && (e.quoted || !e.known)) {
    word w = make_word(e.chars, 0, 0, e);
    w.where = {t.begin, t.end};
    out.push_back(std::move(w));
  }
  for (auto& w : out) {
    if (w.where.begin == w.where.end) w.where = {t.begin, t.end};
  }
  // XCU 2.10.2 rule 7: NAME=… with an unquoted literal name is an assignment.
  if (!out.empty()) {
    std::size_t k = 0;
    while (k < t.pieces.size() && t.pieces[k].kind == piece_kind::literal && !t.pieces[k].quoted &&
           t.pieces[k].c != '=' &&
           (k == 0 ? is_name_start(t.pieces[k].c) : is_name_char(t.pieces[k].c)))
      ++k;
    if (k > 0 && k < t.pieces.size() && t.pieces[k].kind == piece_kind::literal &&
        !t.pieces[k].quoted && t.pieces[k].c == '=') {
      // An assignment is not field-split: rebuild it as one word.
      word w = make_word(e.chars, 0, e.chars.size(), e);
      w.where = {t.begin, t.end};
      w.assignment = true;
      out.assign(1, std::move(w));
    }
  }
  return out;
}

void apply_assignment(const word& w, shell_env& env, bool exported) {
  const auto eq = w.text.find('=');
  shell_var v;
  const auto old = env.find(w.text.substr(0, eq));
  v.exported = exported || (old != env.end() && old->second.exported);
  v.value = w.text.substr(eq + 1);
  v.known = w.known;
  v.reason = w.reason;
  v.variables = w.variables;
  env[w.text.substr(0, eq)] = std::move(v);
}

bool is_separator(const std::string& op) {
  return op == ";" || op == "&&" || op == "||" || op == "|" || op == "&" || op == "\n" ||
         op == "(" || op == ")" || op == ";;";
}

}  // namespace

split_result split_shell(std::string_view text, const std::vector<std::size_t>* offsets,
                         shell_env& env) {
  split_result result;
  lexer lex(text, offsets);
  const auto tokens = lex.run();
  result.errors = lex.errors;

  std::vector<const token*> pending;
  std::size_t budget = max_expanded_bytes;
  auto flush = [&] {
    if (pending.empty()) return;
    segment seg;
    seg.where = {pending.front()->begin, pending.back()->end};
    // Expansion happens when the command runs, so after the assignments before it.
    bool skip_next = false;
    for (const token* t : pending) {
      if (t->is_operator) {
        skip_next = true;  // a redirection: its target word is not an argument
        continue;
      }
      if (skip_next) {
        skip_next = false;
        continue;
      }
      for (auto& w : expand_token(*t, env, budget)) seg.words.push_back(std::move(w));
    }
    pending.clear();
    if (seg.words.empty()) return;
    // `A=1 B=2` alone and `export A=1` set variables for the commands that follow.
    const bool only_assignments =
        std::all_of(seg.words.begin(), seg.words.end(), [](const word& w) { return w.assignment; });
    if (only_assignments) {
      for (const auto& w : seg.words) apply_assignment(w, env, false);
    } else if (seg.words.front().text == "export" || seg.words.front().text == "readonly") {
      for (std::size_t i = 1; i < seg.words.size(); ++i)
        if (seg.words[i].assignment) {
          apply_assignment(seg.words[i], env, true);
        } else if (auto it = env.find(seg.words[i].text); it != env.end()) {
          it->second.exported = true;
        }
    }
    result.segments.push_back(std::move(seg));
  };
  for (const auto& t : tokens) {
    if (t.is_operator && is_separator(t.op)) {
      flush();
      continue;
    }
    pending.push_back(&t);
  }
  flush();
  return result;
}

std::vector<word> shlex_split(std::string_view text, std::string* error) {
  // Python's shlex in posix mode with whitespace_split=True and no commenters (shlex.split).
  std::vector<word> out;
  word current;
  bool in_word = false;
  auto push = [&](char c, std::size_t at) {
    current.text += c;
    current.offsets.push_back(at);
  };
  auto finish = [&] {
    if (!in_word) return;
    if (!current.offsets.empty())
      current.where = {current.offsets.front(), current.offsets.back() + 1};
    out.push_back(std::move(current));
    current = word{};
    in_word = false;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      finish();
      ++i;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 >= text.size()) {
        if (error) *error = "No escaped character";
        return {};
      }
      push(text[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (c == '\'' || c == '"') {
      const char q = c;
      ++i;
      current.quoted = true;
      while (i < text.size() && text[i] != q) {
        if (q == '"' && text[i] == '\\' && i + 1 < text.size() &&
            (text[i + 1] == '"' || text[i + 1] == '\\')) {
          push(text[i + 1], i + 1);
          i += 2;
          continue;
        }
        push(text[i], i);
        ++i;
      }
      if (i >= text.size()) {
        if (error) *error = "No closing quotation";
        return {};
      }
      ++i;
      continue;
    }
    push(c, i);
    ++i;
  }
  finish();
  return out;
}

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

}  // namespace connplan::launch::detail
