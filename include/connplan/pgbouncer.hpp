// The pgbouncer.ini front end: reads a file (with its %include files) exactly as pgbouncer's own
// ini reader (libusual usual/cfparser.c) and loader (src/loader.c) do, for pgbouncer 1.18 … 1.25.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/inspect.hpp"
#include "connplan/source.hpp"

namespace connplan::pgbouncer {

enum class pool_mode { session, transaction, statement };

[[nodiscard]] std::string_view to_string(pool_mode mode);

// One [pgbouncer] key after loading: `shown` is the string SHOW CONFIG prints for it.
struct setting {
  std::string name;
  std::string shown;
  bool null = false;        // SHOW CONFIG prints NULL: a string key with a NULL default, never set
  connplan::source origin;  // the line that set it, or default
};

// The [pgbouncer] values the planner needs, each with where it came from (the last
// `[pgbouncer]` header's block, or the default of the target version).
struct globals {
  sourced<long long> max_client_conn;
  sourced<long long> default_pool_size;
  sourced<long long> min_pool_size;
  sourced<long long> reserve_pool_size;
  sourced<double> reserve_pool_timeout;     // seconds; 0 disables the reserve pool
  sourced<long long> max_db_connections;    // 0: unlimited
  sourced<long long> max_user_connections;  // 0: unlimited
  sourced<pool_mode> mode;
  sourced<std::string> ignore_startup_parameters;
  sourced<std::string> listen_addr;
  sourced<long long> listen_port;
  sourced<std::string> auth_type;  // canonical lower-case name ("md5", "scram-sha-256", ...)
  sourced<std::string> auth_file;
};

// A [databases] entry, with pgbouncer's global fallbacks applied as SHOW DATABASES shows them.
struct database_entry {
  std::string name;
  source_location location;                  // the entry's name in its file
  sourced<std::optional<std::string>> host;  // nullopt: Unix socket
  sourced<long long> port;
  sourced<std::string> dbname;
  sourced<std::optional<std::string>> forced_user;  // user=: one pool for the whole database
  bool has_password = false;                        // the value itself is never kept
  sourced<long long> pool_size;
  sourced<long long> min_pool_size;
  sourced<long long> reserve_pool;
  sourced<long long> max_db_connections;  // 0: unlimited
  sourced<pool_mode> mode;
  bool mode_inherited = true;  // true when the mode comes from [pgbouncer] pool_mode
  // Per-entry values as written (nullopt: not set, the global applies). pgbouncer treats a
  // negative pool size as "not set" and a non-positive max_db_connections as "use the global".
  std::optional<long long> own_pool_size;
  std::optional<long long> own_reserve_pool;
  std::optional<long long> own_min_pool_size;
  std::optional<long long> own_max_db_connections;
};

// A [users] entry (the keys the target version supports).
struct user_entry {
  std::string name;
  source_location location;
  std::optional<sourced<pool_mode>> mode;          // nullopt: inherits
  std::optional<sourced<long long>> pool_size;     // 1.23+
  std::optional<sourced<long long>> reserve_pool;  // 1.24+
  sourced<long long> max_user_connections;         // with the global fallback applied
};

struct config {
  std::string path;      // display path of the main file
  std::string version;   // "1.18" … "1.25": the catalogue version used
  bool accepted = true;  // would pgbouncer load it (machine problems such as log dirs aside)?
  bool complete = true;  // false when part of it could not be read
  globals global;
  std::map<std::string, setting> settings;  // every [pgbouncer] key of the version
  std::vector<database_entry> databases;    // in name order, without "*"
  std::optional<database_entry> fallback;   // the "*" entry (checked by pgbouncer only on use)
  std::vector<user_entry> users;            // in name order
  std::vector<shadowed_value> shadowed;
  std::vector<finding> diagnostics;
  std::vector<std::string> files_read;  // display paths, in reading order
  std::string include_workdir;          // display path; empty when no %include was resolved

  [[nodiscard]] const database_entry* database(std::string_view name) const;
  [[nodiscard]] const user_entry* user(std::string_view name) const;
};

[[nodiscard]] config load(const std::filesystem::path& file, const inspect_options& options);
[[nodiscard]] inspected_file inspect(const std::filesystem::path& file,
                                     const inspect_options& options);

}  // namespace connplan::pgbouncer
