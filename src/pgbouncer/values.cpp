#include "pgbouncer/values.hpp"

#include <strings.h>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace connplan::pgbouncer::detail {
namespace {

// cf_set_int: strtol(value, &end, 0), rejecting an empty or partial parse; the long is then
// stored into an int (so 4294967296 wraps to 0, as on x86-64 Linux).
converted to_int(const std::string& text) {
  converted out;
  errno = 0;
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 0);
  if (end == text.c_str() || *end != '\0') return out;
  auto stored =
      static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<unsigned long>(value)));
  out.ok = true;
  out.integer = stored;
  out.shown = std::to_string(stored);
  return out;
}

// cf_set_uint: strtoul, stored into an unsigned int ("-1" is 4294967295), printed with %u.
converted to_uint(const std::string& text) {
  converted out;
  errno = 0;
  char* end = nullptr;
  unsigned long value = std::strtoul(text.c_str(), &end, 0);
  if (end == text.c_str() || *end != '\0') return out;
  auto stored = static_cast<std::uint32_t>(value);
  out.ok = true;
  out.integer = stored;
  out.shown = std::to_string(stored);
  return out;
}

// cf_set_time_usec: strtod_dot (strtod with '.' as the radix), rejected on ERANGE, a partial
// parse or a negative number; stored as whole microseconds and printed as "%g" of seconds.
converted to_time(const std::string& text) {
  converted out;
  errno = 0;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || end == text.c_str() || *end != '\0' || value < 0) return out;
  // NaN and infinity pass pgbouncer's checks but their conversion to usec_t is undefined
  // behaviour in C: treat them as invalid rather than guess.
  if (!std::isfinite(value) || value * 1e6 >= 18446744073709551616.0) return out;
  auto usec = static_cast<std::uint64_t>(1000000.0 * value);
  double seconds = static_cast<double>(usec) / 1000000.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", seconds);
  out.ok = true;
  out.seconds = seconds;
  out.shown = buf;
  return out;
}

converted to_lookup(value_type type, const std::string& text, int minor) {
  converted out;
  for (auto name : lookup_names(type, minor)) {
    std::string n(name);
    if (::strcasecmp(n.c_str(), text.c_str()) == 0) {
      out.ok = true;
      out.shown = n;  // cf_get_lookup prints the table's spelling
      return out;
    }
  }
  return out;
}

}  // namespace

converted convert(value_type type, std::string_view text, int minor) {
  std::string s(text);
  switch (type) {
    case value_type::integer:
      return to_int(s);
    case value_type::unsigned_integer:
      return to_uint(s);
    case value_type::time:
      return to_time(s);
    case value_type::auth_type:
    case value_type::pool_mode:
    case value_type::sslmode:
      return to_lookup(type, s, minor);
    case value_type::string:
      break;
  }
  converted out;
  out.ok = true;
  out.shown = std::move(s);
  return out;
}

long long loader_atoi(std::string_view text) {
  std::string s(text);
  // atoi(s) is (int)strtol(s, NULL, 10).
  long value = std::strtol(s.c_str(), nullptr, 10);
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<unsigned long>(value)));
}

}  // namespace connplan::pgbouncer::detail
