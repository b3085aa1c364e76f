// Reading a running PostgreSQL and a PgBouncer admin console with libpq: one connection each,
// read-only, short timeouts, application_name "connplan" (issue 8). Throws connplan::error (exit 2)
// when a connection or a query fails, with host and port but never a password.
#pragma once

#include <string>

#include "observe/snapshot.hpp"

namespace connplan::observe {

// A libpq connection string or URI ("" lets libpq use PG* variables and service files).
[[nodiscard]] server_snapshot read_postgres(const std::string& dsn);

// The admin console (database "pgbouncer"): SHOW POOLS, SHOW CLIENTS, SHOW SERVERS, by the
// simple query protocol, the only one the console speaks (PgBouncer docs, usage.md).
[[nodiscard]] pgbouncer_snapshot read_pgbouncer(const std::string& dsn, const std::string& name);

}  // namespace connplan::observe
