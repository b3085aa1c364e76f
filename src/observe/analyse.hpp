// The plan held against a snapshot (issue 8): per service predicted and observed connections,
// connections no service accounts for, PgBouncer pools, and findings CP901–CP905. Pure: the
// snapshot comes from libpq_reader, the expectations from the plan (app/observe_run).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/source.hpp"
#include "observe/match.hpp"
#include "observe/snapshot.hpp"

namespace connplan::observe {

struct service_expectation {
  std::string name;
  std::optional<long long> worst_case;    // the plan's total; empty when unbounded or unknown
  std::optional<long long> steady_state;  // the plan's steady state
  match_rule match;
  std::optional<source_location> declared_at;  // the [[service]] table in connplan.toml
};

// A parameter the repository's postgresql.conf sets (not a default), as `postgres -C` prints it.
struct repo_setting {
  std::string name, setting, unit;
  std::optional<source_location> at;
};

// What the plan says of one PgBouncer pool (report.pgbouncers[].pools), shown beside SHOW POOLS.
struct planned_pool {
  std::string database, user;
  std::optional<long long> clients, server_connections;
};

struct expectations {
  std::string server_name = "postgres";
  std::vector<service_expectation> services;  // connplan.toml order: the first match wins
  std::vector<repo_setting> repo_settings;
  std::optional<source_location> max_connections_at;  // its postgresql.conf line, if any
  double warn_percent = 80;
  double idle_in_transaction_after = 60;  // seconds (--idle-in-transaction-after)
  std::vector<planned_pool> pools;        // of the PgBouncer --pgbouncer-dsn reaches
};

struct group_count {
  std::string application_name, usename, datname;
  std::optional<std::string> client_addr;
  std::string state;  // one of backend_states
  long long count = 0;
  friend bool operator==(const group_count&, const group_count&) = default;
};

struct service_observation {
  std::string name;
  std::optional<long long> worst_case, steady_state;
  long long observed = 0;
  long long peak = 0;
  std::map<std::string, long long> by_state;  // every backend_states key
};

struct server_observation {
  std::string name;
  long long max_connections = 0, usable = 0, observed = 0, peak = 0;
};

struct pgbouncer_observation {
  std::string name;
  std::vector<pool_row> pools;        // without the admin console's "pgbouncer" pool
  long long server_connections = 0;   // its backends in pg_stat_activity
  std::vector<planned_pool> planned;  // the plan's pools, for the text table
};

// A per-role (rolconnlimit) or per-database (datconnlimit) limit and the backends it counts.
struct limit_use {
  std::string kind;  // "role" or "database"
  std::string name;
  long long limit = 0, open = 0;
};

struct observation {
  server_observation server;
  std::vector<limit_use> limits;  // text output only (CONTRACTS §6 has no member for them)
  std::vector<service_observation> services;
  std::vector<group_count> unaccounted;
  std::vector<pgbouncer_observation> pgbouncers;
  std::vector<finding> findings;  // before selection (engine::apply)
};

// The highest counts seen so far while watching; `analyse` raises them.
struct peaks {
  long long server = 0;
  std::map<std::string, long long> services;
};

// Backends grouped by application_name, usename, datname, client_addr and state, sorted.
[[nodiscard]] std::vector<group_count> group_backends(const std::vector<backend_row>& rows);

// A NULL (empty) state, or one not in backend_states, is "unknown".
[[nodiscard]] std::string state_name(std::string_view state);

[[nodiscard]] observation analyse(const expectations& expected, const snapshot& live,
                                  peaks& running);

}  // namespace connplan::observe
