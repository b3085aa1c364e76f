#include "postgres/syntax.hpp"

#include <fmt/format.h>

#include "postgres/syntax_grammar.hpp"

namespace connplan::postgres {
namespace {

namespace pg = tao::pegtl;
namespace gr = grammar;

using input = pg::memory_input<pg::tracking_mode::eager, pg::eol::lf_crlf, std::string>;

struct state {
  std::string file;
  raw_entry pending;
  std::vector<raw_entry>* out = nullptr;
};

template <class Input>
source_location token_location(const Input& in, const std::string& file) {
  const auto begin = in.position();
  const auto length = static_cast<std::uint32_t>(in.size());
  source_location where;
  where.file = file;
  where.begin = {static_cast<std::uint32_t>(begin.line), static_cast<std::uint32_t>(begin.column)};
  where.end = {where.begin.line, where.begin.column + (length == 0 ? 0 : length - 1)};
  return where;
}

template <class Rule>
struct action : pg::nothing<Rule> {};

template <>
struct action<gr::name> {
  template <class ActionInput>
  static void apply(const ActionInput& in, state& st) {
    st.pending = raw_entry{};
    st.pending.name = in.string();
    st.pending.name_location = token_location(in, st.file);
  }
};

template <value_token Kind>
struct value_action {
  template <class ActionInput>
  static void apply(const ActionInput& in, state& st) {
    st.pending.token = Kind;
    st.pending.quoted = Kind == value_token::quoted_string;
    st.pending.value = st.pending.quoted ? unquote(in.string_view()) : in.string();
    st.pending.value_location = token_location(in, st.file);
  }
};

template <>
struct action<gr::value_string> : value_action<value_token::quoted_string> {};
template <>
struct action<gr::value_real> : value_action<value_token::real> {};
template <>
struct action<gr::value_integer> : value_action<value_token::integer> {};
template <>
struct action<gr::value_identifier> : value_action<value_token::identifier> {};
template <>
struct action<gr::value_unquoted> : value_action<value_token::unquoted_string> {};

template <>
struct action<gr::setting> {
  static void apply0(state& st) { st.out->push_back(std::move(st.pending)); }
};

// The token at `offset` as flex would cut it; empty at a newline or the end of the text.
std::string_view token_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size() || text[offset] == '\n') return {};
  pg::memory_input<pg::tracking_mode::lazy> in(text.data() + offset, text.data() + text.size(), "");
  if (pg::parse<gr::any_token>(in)) {
    return text.substr(offset, static_cast<std::size_t>(in.current() - (text.data() + offset)));
  }
  return text.substr(offset, 1);
}

}  // namespace

std::string unquote(std::string_view token) {
  // Caller guarantees a STRING token: opening and closing quote present.
  std::string_view body = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      char e = body[++i];
      switch (e) {
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        default:
          if (e >= '0' && e <= '7') {
            // Up to three octal digits, truncated to a char as PostgreSQL does.
            int value = 0;
            std::size_t k = 0;
            while (k < 3 && i + k < body.size() && body[i + k] >= '0' && body[i + k] <= '7') {
              value = (value << 3) + (body[i + k] - '0');
              ++k;
            }
            i += k - 1;
            out += static_cast<char>(value & 0xff);
          } else {
            out += e;  // `\x` → `x`, including `\'` and `\\`
          }
      }
    } else if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
      out += '\'';
      ++i;
    } else {
      out += c;
    }
  }
  if (auto nul = out.find('\0'); nul != std::string::npos) out.resize(nul);
  return out;
}

parse_result parse(std::string_view text, std::string_view name) {
  parse_result result;
  state st;
  st.file = std::string(name);
  st.out = &result.entries;

  std::size_t offset = 0;
  std::size_t line = 1;
  while (true) {
    input in(text.data() + offset, text.data() + text.size(), st.file, offset, line, 1);
    try {
      pg::parse<gr::file, action>(in, st);
      break;  // the rest of the text parsed
    } catch (const pg::parse_error& e) {
      const auto& at = e.positions().front();
      const std::string_view token = token_at(text, at.byte);
      source_location where;
      where.file = st.file;
      where.begin = {static_cast<std::uint32_t>(at.line), static_cast<std::uint32_t>(at.column)};
      where.end = where.begin;
      std::string message;
      if (token.empty()) {
        message =
            fmt::format("syntax error in file \"{}\" line {}, near end of line", name, at.line);
      } else {
        where.end.column += static_cast<std::uint32_t>(token.size() - 1);
        message = fmt::format("syntax error in file \"{}\" line {}, near token \"{}\"", name,
                              at.line, token);
      }
      result.findings.push_back(make_finding("CP001", std::move(message), where, "syntax"));
      if (result.findings.size() >= max_syntax_errors) {
        auto f = make_finding(
            "CP006", fmt::format("too many syntax errors found, abandoning file \"{}\"", name),
            where, "syntax-errors");
        f.notes.push_back(fmt::format("PostgreSQL stops reading a file after {} syntax errors",
                                      max_syntax_errors));
        result.findings.push_back(std::move(f));
        break;
      }
      // Resynchronise at the next line, as ParseConfigFp does.
      std::size_t next = text.find('\n', at.byte);
      if (next == std::string_view::npos) break;
      offset = next + 1;
      line = at.line + 1;
    }
  }
  return result;
}

}  // namespace connplan::postgres
