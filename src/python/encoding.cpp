#include "python/encoding.hpp"

#include <algorithm>
#include <cctype>

namespace connplan::python::detail {

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // RFC 3629 table 3-7 (well-formed sequences): no overlong forms, no surrogates, <= U+10FFFF.
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return std::nullopt;
}

std::optional<std::string> coding_cookie(std::string_view text) {
  // PEP 263: "^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)" on the first or second line.
  for (int line = 0; line < 2 && !text.empty(); ++line) {
    std::size_t eol = text.find('\n');
    std::string_view current = text.substr(0, eol);
    std::size_t i = current.find_first_not_of(" \t\f");
    if (i != std::string_view::npos && current[i] == '#') {
      for (std::size_t at = current.find("coding", i); at != std::string_view::npos;
           at = current.find("coding", at + 1)) {
        std::size_t p = at + 6;
        if (p >= current.size() || (current[p] != ':' && current[p] != '=')) continue;
        ++p;
        while (p < current.size() && (current[p] == ' ' || current[p] == '\t')) ++p;
        std::size_t end = p;
        while (end < current.size() &&
               (std::isalnum(static_cast<unsigned char>(current[end])) || current[end] == '-' ||
                current[end] == '_' || current[end] == '.')) {
          ++end;
        }
        if (end == p) continue;
        std::string name(current.substr(p, end - p));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return name;
      }
    }
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 1);
  }
  return std::nullopt;
}

bool is_utf8_name(std::string_view name) {
  std::string n;
  for (char c : name) {
    if (c != '-' && c != '_') n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return n == "utf8" || n.starts_with("utf8");  // "utf-8-sig", "utf_8"
}

std::string latin1_to_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace connplan::python::detail
