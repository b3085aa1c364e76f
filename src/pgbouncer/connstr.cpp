#include "pgbouncer/connstr.hpp"

namespace connplan::pgbouncer::detail {
namespace {

// cstr_skip_ws: only the space character counts.
std::size_t skip_spaces(std::string_view s, std::size_t p) {
  while (p < s.size() && s[p] == ' ') ++p;
  return p;
}

}  // namespace

connstr_parse parse_connstr(std::string_view s) {
  connstr_parse out;
  auto fail = [&](std::size_t at, std::string why) {
    out.error_at = at;
    out.error = std::move(why);
    return out;
  };
  std::size_t p = skip_spaces(s, 0);
  while (p < s.size()) {
    // cstr_get_key: the name runs to '=' or ' '; then optional spaces and a mandatory '='.
    std::size_t key_begin = p;
    while (p < s.size() && s[p] != '=' && s[p] != ' ') ++p;
    std::size_t key_end = p;
    p = skip_spaces(s, p);
    if (p >= s.size() || s[p] != '=') {
      return fail(key_begin, "expected \"=\" after \"" +
                                 std::string(s.substr(key_begin, key_end - key_begin)) + "\"");
    }
    if (key_end == key_begin) return fail(key_begin, "empty parameter name before \"=\"");
    ++p;
    // cstr_get_value: spaces, then a quoted or a bare value.
    p = skip_spaces(s, p);
    connstr_pair pair;
    pair.key = std::string(s.substr(key_begin, key_end - key_begin));
    pair.key_offset = key_begin;
    pair.value_offset = p;
    if (p < s.size() && s[p] == '\'') {
      ++p;
      bool closed = false;
      while (p < s.size()) {
        if (s[p] == '\'') {
          if (p + 1 < s.size() && s[p + 1] == '\'') {
            pair.value += '\'';
            p += 2;
            continue;
          }
          closed = true;
          break;
        }
        pair.value += s[p++];
      }
      if (!closed) return fail(pair.value_offset, "unterminated quoted value");
      ++p;  // past the closing quote
      // "if not EOL, cut value": the byte after the closing quote is swallowed, whatever it is.
      if (p < s.size()) ++p;
    } else {
      std::size_t begin = p;
      while (p < s.size() && s[p] != ' ') ++p;
      pair.value = std::string(s.substr(begin, p - begin));
      if (p < s.size()) ++p;
    }
    if (pair.value.empty()) return fail(pair.value_offset, "empty value for \"" + pair.key + "\"");
    out.pairs.push_back(std::move(pair));
    p = skip_spaces(s, p);
  }
  return out;
}

}  // namespace connplan::pgbouncer::detail
