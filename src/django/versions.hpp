// The Django versions connplan models (CONTRACTS.md §3) and what changes between them.
#pragma once

#include <string>
#include <string_view>

namespace connplan::django::detail {

// A supported version, as a comparable number (3.2 → 302, 5.1 → 501).
struct version {
  int major = 0;
  int minor = 0;
  [[nodiscard]] int number() const { return major * 100 + minor; }
  [[nodiscard]] std::string text() const;
  [[nodiscard]] bool at_least(int maj, int min) const { return number() >= maj * 100 + min; }
};

// "3.2" … "5.2"; empty → the newest. Throws connplan::error for anything else.
[[nodiscard]] version parse_version(std::string_view text);

// CONN_HEALTH_CHECKS is new in Django 4.1 (docs/releases/4.1.txt); before, a set value is kept in
// the dict and ignored.
[[nodiscard]] inline bool has_health_checks(const version& v) {
  return v.at_least(4, 1);
}
// Native connection pooling: OPTIONS["pool"], new in Django 5.1 (docs/releases/5.1.txt).
[[nodiscard]] inline bool has_native_pool(const version& v) {
  return v.at_least(5, 1);
}
// psycopg 3 support, with the Django-only OPTIONS "server_side_binding" and "assume_role", is new
// in Django 4.2 (docs/releases/4.2.txt); before, psycopg2 is the only driver.
[[nodiscard]] inline bool has_psycopg3(const version& v) {
  return v.at_least(4, 2);
}
// Django 4.1 moved ensure_defaults/prepare_test_settings into ConnectionHandler.configure_settings
// (commit 13378ad, PR #15490): defaults are filled for every alias when the connections are first
// configured, not per alias when its connection is created.
[[nodiscard]] inline bool fills_defaults_eagerly(const version& v) {
  return v.at_least(4, 1);
}

}  // namespace connplan::django::detail
