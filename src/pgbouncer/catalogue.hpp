// What each pgbouncer release accepts: the [pgbouncer] keys (from src/main.c's CF_ABS table, see
// scripts/gen_pgbouncer_catalogue.py), the connection-string keys of [databases], [users] and
// [peers] (src/loader.c parse_database / parse_user / parse_peer), and the enum spellings.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connplan::pgbouncer::detail {

// Releases are numbered by their minor version: 18 = 1.18 … 25 = 1.25.
inline constexpr int oldest_minor = 18;
inline constexpr int newest_minor = 25;

// "" → newest; "1.18", "1.18.0", "1.23.1" → 18, 23; anything else (or out of range) → nullopt.
[[nodiscard]] std::optional<int> parse_version(std::string_view text);
[[nodiscard]] std::string version_name(int minor);  // 18 → "1.18"

enum class value_type { string, integer, unsigned_integer, time, auth_type, pool_mode, sslmode };

struct default_change {
  int minor;
  const char* value;  // nullptr: NULL in CF_ABS, so a [pgbouncer] header does not reset the key
};

struct key_info {
  std::string_view name;
  value_type type;
  int since;
  std::vector<default_change> defaults;

  [[nodiscard]] bool exists_in(int minor) const { return minor >= since; }
  [[nodiscard]] const char* default_in(int minor) const;
};

// Every [pgbouncer] key of any release, in name order.
[[nodiscard]] const std::vector<key_info>& all_keys();
[[nodiscard]] const key_info* find_key(std::string_view name);

enum class entry_section { databases, users, peers };

// The release that added `key` to the connection strings of `section`; nullopt when no release
// knows it.
[[nodiscard]] std::optional<int> entry_key_since(entry_section section, std::string_view key);

// The spellings a lookup type accepts in `minor` (compared case-insensitively by cf_set_lookup).
[[nodiscard]] std::vector<std::string_view> lookup_names(value_type type, int minor);

}  // namespace connplan::pgbouncer::detail
