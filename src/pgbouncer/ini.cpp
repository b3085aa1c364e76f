#include "pgbouncer/ini.hpp"

#include "pgbouncer/ini_grammar.hpp"

namespace connplan::pgbouncer::detail {
namespace {

namespace pegtl = tao::pegtl;

source_position at(const pegtl::position& p) {
  return {static_cast<std::uint32_t>(p.line), static_cast<std::uint32_t>(p.column)};
}

// The inclusive end of a match that starts at `begin` and spans `text` (no newline inside).
source_position end_of(const source_position& begin, std::string_view text) {
  if (text.empty()) return begin;
  return {begin.line, begin.column + static_cast<std::uint32_t>(text.size()) - 1};
}

bool is_c_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_c_space(s.back())) s.remove_suffix(1);
  return s;
}

struct state {
  std::vector<ini_item> items;
};

template <class Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<ini::include_path> {
  template <class Input>
  static void apply(const Input& in, state& st) {
    ini_item item;
    item.what = ini_item::kind::include;
    auto path = trim_right(in.string_view());
    item.name = std::string(path);
    item.name_begin = at(in.position());
    item.name_end = end_of(item.name_begin, path);
    st.items.push_back(std::move(item));
  }
};

template <>
struct action<ini::section_name> {
  template <class Input>
  static void apply(const Input& in, state& st) {
    ini_item item;
    item.what = ini_item::kind::section;
    item.name = in.string();
    item.name_begin = at(in.position());
    item.name_end = end_of(item.name_begin, in.string_view());
    st.items.push_back(std::move(item));
  }
};

template <>
struct action<ini::key> {
  template <class Input>
  static void apply(const Input& in, state& st) {
    ini_item item;
    item.what = ini_item::kind::key_value;
    item.name = in.string();
    item.name_begin = at(in.position());
    item.name_end = end_of(item.name_begin, in.string_view());
    st.items.push_back(std::move(item));
  }
};

template <>
struct action<ini::value> {
  template <class Input>
  static void apply(const Input& in, state& st) {
    auto text = trim_right(in.string_view());
    ini_item& item = st.items.back();
    item.value = std::string(text);
    item.value_begin = at(in.position());
    item.value_end = end_of(item.value_begin, text);
  }
};

}  // namespace

std::vector<ini_item> parse_ini(std::string_view text, const std::string& name) {
  state st;
  std::size_t offset = 0;
  std::size_t line = 1;
  while (offset <= text.size()) {
    pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf> in(
        text.data() + offset, text.data() + text.size(), name, offset, line, 1);
    try {
      pegtl::parse<ini::file, action, ini::control>(in, st);
      break;
    } catch (const pegtl::parse_error& e) {
      const auto& pos = e.positions().front();
      // A section or key recorded before the error is incomplete: pgbouncer never applies it.
      if (!st.items.empty() && st.items.back().name_begin.line == pos.line &&
          st.items.back().what != ini_item::kind::syntax_error &&
          st.items.back().what != ini_item::kind::include) {
        st.items.pop_back();
      }
      ini_item error;
      error.what = ini_item::kind::syntax_error;
      error.name = std::string(e.message());
      error.name_begin = error.name_end = at(pos);
      st.items.push_back(std::move(error));
      // Resume on the next line.
      std::size_t next = text.find('\n', pos.byte);
      if (next == std::string_view::npos) break;
      offset = next + 1;
      line = pos.line + 1;
    }
  }
  return std::move(st.items);
}

}  // namespace connplan::pgbouncer::detail
