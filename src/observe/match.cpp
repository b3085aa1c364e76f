#include "observe/match.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>

namespace connplan::observe {

namespace {

// One bracket expression starting at pattern[i] == '['; sets `end` past ']' and returns whether
// `c` is in it. Returns nullopt when the bracket is not closed (then '[' is literal, as fnmatch).
std::optional<bool> bracket(std::string_view p, std::size_t i, char c, std::size_t& end) {
  std::size_t j = i + 1;
  bool negate = j < p.size() && (p[j] == '!' || p[j] == '^');
  if (negate) ++j;
  bool found = false;
  bool first = true;
  while (j < p.size() && (first || p[j] != ']')) {
    first = false;
    char lo = p[j];
    if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
      if (lo <= c && c <= p[j + 2]) found = true;
      j += 3;
    } else {
      if (lo == c) found = true;
      ++j;
    }
  }
  if (j >= p.size()) return std::nullopt;
  end = j + 1;
  return found != negate;
}

bool glob_at(std::string_view p, std::size_t pi, std::string_view t, std::size_t ti) {
  while (pi < p.size()) {
    char pc = p[pi];
    if (pc == '*') {
      while (pi < p.size() && p[pi] == '*') ++pi;
      if (pi == p.size()) return true;
      for (std::size_t k = ti; k <= t.size(); ++k)
        if (glob_at(p, pi, t, k)) return true;
      return false;
    }
    if (ti == t.size()) return false;
    if (pc == '?') {
      ++pi;
      ++ti;
      continue;
    }
    if (pc == '[') {
      std::size_t end = 0;
      if (auto in = bracket(p, pi, t[ti], end)) {
        if (!*in) return false;
        pi = end;
        ++ti;
        continue;
      }
    }
    if (pc == '\\' && pi + 1 < p.size()) pc = p[++pi];
    if (pc != t[ti]) return false;
    ++pi;
    ++ti;
  }
  return ti == t.size();
}

struct parsed_address {
  int family = 0;
  std::array<unsigned char, 16> bytes{};
  int bits = 0;
};

std::optional<parsed_address> parse_address(std::string_view text) {
  std::string s(text);
  parsed_address a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET;
    a.bits = 32;
    return a;
  }
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) {
    a.family = AF_INET6;
    a.bits = 128;
    return a;
  }
  return std::nullopt;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  return glob_at(pattern, 0, text, 0);
}

bool cidr_contains(std::string_view cidr, std::string_view address) {
  auto slash = cidr.find('/');
  auto net = parse_address(cidr.substr(0, slash));
  // pg_stat_activity's client_addr is an inet; host() prints it without a prefix length.
  auto addr = parse_address(address.substr(0, address.find('/')));
  if (!net || !addr || net->family != addr->family) return false;
  int bits = net->bits;
  if (slash != std::string_view::npos) {
    auto digits = cidr.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (ec != std::errc{} || ptr != digits.data() + digits.size() || bits < 0 || bits > net->bits)
      return false;
  }
  for (int i = 0; i < bits; ++i) {
    const int byte = i / 8;
    const int mask = 0x80 >> (i % 8);
    if ((net->bytes[byte] & mask) != (addr->bytes[byte] & mask)) return false;
  }
  return true;
}

bool matches(const match_rule& rule, const connection_identity& who) {
  if (rule.empty()) return false;
  if (rule.application_name && !glob_match(*rule.application_name, who.application_name))
    return false;
  if (rule.usename && !glob_match(*rule.usename, who.usename)) return false;
  if (rule.datname && !glob_match(*rule.datname, who.datname)) return false;
  if (rule.client_addr && (!who.client_addr || !cidr_contains(*rule.client_addr, *who.client_addr)))
    return false;
  return true;
}

}  // namespace connplan::observe
