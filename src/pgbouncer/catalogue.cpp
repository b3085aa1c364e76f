#include "pgbouncer/catalogue.hpp"

#include <algorithm>
#include <charconv>

namespace connplan::pgbouncer::detail {

std::optional<int> parse_version(std::string_view text) {
  if (text.empty()) return newest_minor;
  if (!text.starts_with("1.")) return std::nullopt;
  text.remove_prefix(2);
  int minor = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), minor);
  if (ec != std::errc{}) return std::nullopt;
  std::string_view rest(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (!rest.empty()) {
    // A patch level ("1.23.1") names the same catalogue entry.
    if (rest.size() < 2 || rest[0] != '.' ||
        !std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
  }
  if (minor < oldest_minor || minor > newest_minor) return std::nullopt;
  return minor;
}

std::string version_name(int minor) {
  return "1." + std::to_string(minor);
}

const char* key_info::default_in(int minor) const {
  const char* value = nullptr;
  for (const auto& change : defaults) {
    if (change.minor <= minor) value = change.value;
  }
  return value;
}

const std::vector<key_info>& all_keys() {
  static const std::vector<key_info> keys = {
#include "pgbouncer/catalogue_data.inc"
  };
  return keys;
}

const key_info* find_key(std::string_view name) {
  const auto& keys = all_keys();
  auto it = std::lower_bound(keys.begin(), keys.end(), name,
                             [](const key_info& k, std::string_view n) { return k.name < n; });
  return it != keys.end() && it->name == name ? &*it : nullptr;
}

namespace {

struct entry_key {
  std::string_view name;
  int since;
};

// src/loader.c parse_database / parse_user / parse_peer at pgbouncer_1_18_0 … pgbouncer_1_25_0
// (the strcmp("key", key) chains).
constexpr entry_key database_keys[] = {
    {"dbname", 18},
    {"host", 18},
    {"port", 18},
    {"user", 18},
    {"password", 18},
    {"auth_user", 18},
    {"client_encoding", 18},
    {"datestyle", 18},
    {"timezone", 18},
    {"pool_size", 18},
    {"min_pool_size", 18},
    {"reserve_pool", 18},
    {"max_db_connections", 18},
    {"pool_mode", 18},
    {"connect_query", 18},
    {"application_name", 18},
    {"auth_dbname", 19},
    {"auth_query", 22},
    {"server_lifetime", 23},
    {"reserve_pool_size", 24},
    {"max_db_client_connections", 24},
    {"load_balance_hosts", 24},
};
constexpr entry_key user_keys[] = {
    {"pool_mode", 18},           {"max_user_connections", 18},        {"pool_size", 23},
    {"reserve_pool_size", 24},   {"idle_transaction_timeout", 24},    {"query_timeout", 24},
    {"client_idle_timeout", 24}, {"max_user_client_connections", 24}, {"transaction_timeout", 25},
};
constexpr entry_key peer_keys[] = {{"host", 19}, {"port", 19}, {"pool_size", 19}};

}  // namespace

std::optional<int> entry_key_since(entry_section section, std::string_view key) {
  auto find = [&](const auto& table) -> std::optional<int> {
    for (const auto& k : table) {
      if (k.name == key) return k.since;
    }
    return std::nullopt;
  };
  switch (section) {
    case entry_section::databases:
      return find(database_keys);
    case entry_section::users:
      return find(user_keys);
    case entry_section::peers:
      return find(peer_keys);
  }
  return std::nullopt;
}

std::vector<std::string_view> lookup_names(value_type type, int minor) {
  switch (type) {
    case value_type::pool_mode:
      return {"session", "transaction", "statement"};
    case value_type::sslmode:
      return {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    case value_type::auth_type: {
      // src/main.c auth_type_map; Debian builds with PAM (and LDAP from 1.25, when it exists).
      std::vector<std::string_view> names = {"any", "trust", "plain", "md5", "cert", "hba"};
      if (minor >= 25) names.push_back("ldap");
      names.push_back("pam");
      names.push_back("scram-sha-256");
      return names;
    }
    default:
      return {};
  }
}

}  // namespace connplan::pgbouncer::detail
