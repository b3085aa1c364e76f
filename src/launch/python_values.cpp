// Python's int(), int(x, 0) and float() on strings (Objects/longobject.c PyLong_FromString,
// Objects/floatobject.c), as argparse `type=int` and click.INT/FLOAT apply them.
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <string>

#include "launch/option_parsers.hpp"

namespace connplan::launch::detail {

namespace {

std::string_view strip(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

}  // namespace

bool python_int(std::string_view text, bool base_zero, long long* out) {
  std::string_view s = strip(text);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (base_zero && s.size() >= 2 && s[0] == '0') {
    const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
    if (p == 'x') base = 16;
    if (p == 'o') base = 8;
    if (p == 'b') base = 2;
    if (base != 10) {
      s.remove_prefix(2);
      if (!s.empty() && s.front() == '_') s.remove_prefix(1);  // 0x_10 is valid
    }
  }
  if (s.empty()) return false;
  // Digits with single underscores between them (PEP 515).
  long long value = 0;
  bool previous_underscore = true;  // no leading underscore
  bool all_zero = true;
  for (char c : s) {
    if (c == '_') {
      if (previous_underscore) return false;
      previous_underscore = true;
      continue;
    }
    const int d = digit_value(c);
    if (d >= base) return false;
    if (d != 0) all_zero = false;
    previous_underscore = false;
    if (value < (1LL << 58)) value = value * base + d;
  }
  if (previous_underscore) return false;
  // int("08", 0) is an error: base-0 decimals may not have leading zeros unless all zero.
  if (base_zero && base == 10 && s.size() > 1 && s[0] == '0' && !all_zero) return false;
  if (out) *out = negative ? -value : value;
  return true;
}

bool python_float(std::string_view text) {
  std::string s(strip(text));
  if (s.empty()) return false;
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body = lower;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) body.remove_prefix(1);
  if (body == "inf" || body == "infinity" || body == "nan") return true;
  std::string digits;  // underscores only between digits
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 >= s.size() || std::isdigit(static_cast<unsigned char>(s[i - 1])) == 0 ||
          std::isdigit(static_cast<unsigned char>(s[i + 1])) == 0)
        return false;
      continue;
    }
    digits += s[i];
  }
  if (digits.find_first_of("xXpP") != std::string::npos) return false;  // no hex floats
  errno = 0;
  char* end = nullptr;
  (void)std::strtod(digits.c_str(), &end);
  return end != nullptr && *end == '\0' && end != digits.c_str();
}

std::string python_repr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char q = has_single && !has_double ? '"' : '\'';
  std::string out(1, q);
  for (char c : text) {
    if (c == q || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  out += q;
  return out;
}

}  // namespace connplan::launch::detail
