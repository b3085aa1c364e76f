// What `connplan observe` reads from a running PostgreSQL and PgBouncer (issue 8): plain rows, so
// everything after the reading (grouping, matching, findings, output) is pure and unit-tested.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace connplan::observe {

// One client backend of pg_stat_activity (`backend_type = 'client backend'`, connplan's own
// backend excluded). `state` is empty when pg_stat_activity shows NULL (no privilege to see it, or
// not yet reported).
struct backend_row {
  long long pid = 0;
  std::string application_name, usename, datname;
  std::optional<std::string> client_addr;  // NULL for Unix-domain sockets
  std::string state;
  double state_age_seconds = 0;            // now() - state_change
  std::optional<double> xact_age_seconds;  // now() - xact_start, NULL outside a transaction
};

// A pg_settings row: `setting` is in the parameter's base unit, as `postgres -C` prints it.
struct live_setting {
  std::string setting, unit;
};

struct server_snapshot {
  long long server_version_num = 0;
  long long max_connections = 0;
  long long superuser_reserved_connections = 0;
  long long reserved_connections = 0;  // 0 before PostgreSQL 16, where it does not exist
  std::vector<backend_row> backends;
  std::map<std::string, live_setting> settings;      // pg_settings: name → value
  std::map<std::string, long long> role_limits;      // rolconnlimit >= 0
  std::map<std::string, long long> database_limits;  // datconnlimit >= 0
};

// SHOW POOLS (PgBouncer docs "usage.md": cl_active, cl_waiting, sv_active, sv_idle, sv_used,
// maxwait, maxwait_us).
struct pool_row {
  std::string database, user;
  long long cl_active = 0, cl_waiting = 0, sv_active = 0, sv_idle = 0, sv_used = 0;
  long long maxwait = 0, maxwait_us = 0;
};

// SHOW CLIENTS: `link` is the ptr of the server connection the client is paired with ("" none).
struct client_row {
  std::string user, database, state, addr, application_name, link;
};

// SHOW SERVERS: `remote_pid` is the PostgreSQL backend's pid, which ties a server connection to
// its pg_stat_activity row.
struct server_row {
  std::string user, database, state, ptr;
  long long remote_pid = 0;
};

struct pgbouncer_snapshot {
  std::string name;
  std::vector<pool_row> pools;
  std::vector<client_row> clients;
  std::vector<server_row> servers;
};

struct snapshot {
  server_snapshot server;
  std::vector<pgbouncer_snapshot> pgbouncers;
};

// Every pg_stat_activity state (PostgreSQL docs, monitoring.sgml "pg_stat_activity"), plus
// "unknown" for NULL, in the order outputs list them.
inline constexpr const char* backend_states[] = {"active",
                                                 "idle",
                                                 "idle in transaction",
                                                 "idle in transaction (aborted)",
                                                 "fastpath function call",
                                                 "disabled",
                                                 "unknown"};

}  // namespace connplan::observe
