#include "observe/libpq_reader.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "connplan/error.hpp"
#include "connplan/redact.hpp"
#include "observe/libpq_api.hpp"

namespace connplan::observe {

namespace {

struct conn_closer {
  void operator()(PGconn* c) const { libpq().finish(c); }
};
struct result_clearer {
  void operator()(PGresult* r) const { libpq().clear(r); }
};
using connection = std::unique_ptr<PGconn, conn_closer>;
using result = std::unique_ptr<PGresult, result_clearer>;

// libpq's messages span lines ("...failed: Connection refused\n\tIs the server running...").
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == '\n' || c == '\t' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return redact_secrets(out);
}

std::string where(PGconn* c) {
  const char* host = libpq().host(c);
  const char* port = libpq().port(c);
  std::string h = host && *host ? host : "the default host";
  std::string p = port && *port ? port : "the default port";
  return fmt::format("{} port {}", h, p);
}

// Which keywords the user's DSN sets, so connplan's defaults never override them.
bool dsn_sets(const std::string& dsn, const char* keyword) {
  if (dsn.empty()) return false;
  char* err = nullptr;
  PQconninfoOption* opts = libpq().conninfo_parse(dsn.c_str(), &err);
  if (err) libpq().freemem(err);
  if (!opts) return false;
  bool set = false;
  for (auto* o = opts; o->keyword; ++o)
    if (std::string_view(o->keyword) == keyword && o->val && *o->val) set = true;
  libpq().conninfo_free(opts);
  return set;
}

// libpq applies keywords in array order, and the expansion of `dbname` (a URI or key=value
// string, expand_dbname = 1) overrides the keywords before it (libpq docs, PQconnectdbParams):
// connplan's defaults come first, so the user's DSN, then the PG* variables, win.
connection connect(const std::string& dsn, const char* what, bool startup_options) {
  std::vector<const char*> keys, values;
  const std::string timeout_options = "-c statement_timeout=5000";
  if (!std::getenv("PGAPPNAME") && !dsn_sets(dsn, "application_name")) {
    keys.push_back("application_name");
    values.push_back("connplan");
  }
  if (!std::getenv("PGCONNECT_TIMEOUT") && !dsn_sets(dsn, "connect_timeout")) {
    keys.push_back("connect_timeout");
    values.push_back("5");
  }
  // PgBouncer refuses the `options` startup parameter unless ignore_startup_parameters lists it.
  if (startup_options && !std::getenv("PGOPTIONS") && !dsn_sets(dsn, "options")) {
    keys.push_back("options");
    values.push_back(timeout_options.c_str());
  }
  if (!dsn.empty()) {
    keys.push_back("dbname");
    values.push_back(dsn.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  connection c(libpq().connectdb_params(keys.data(), values.data(), 1));
  if (!c) throw error(fmt::format("cannot connect to {}: out of memory", what));
  if (libpq().status(c.get()) != CONNECTION_OK) {
    throw error(fmt::format("cannot connect to {} at {}: {}", what, where(c.get()),
                            one_line(libpq().error_message(c.get()))));
  }
  return c;
}

result exec(PGconn* c, const char* sql, const char* what) {
  result r(libpq().exec(c, sql));
  const auto status = libpq().result_status(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw error(fmt::format("{} at {}: \"{}\" failed: {}", what, where(c), sql,
                            one_line(libpq().error_message(c))));
  }
  return r;
}

std::string text(const PGresult* r, int row, int col) {
  if (col < 0 || libpq().getisnull(r, row, col)) return {};
  return libpq().getvalue(r, row, col);
}
std::optional<std::string> maybe_text(const PGresult* r, int row, int col) {
  if (col < 0 || libpq().getisnull(r, row, col)) return std::nullopt;
  return std::string(libpq().getvalue(r, row, col));
}
long long integer(const PGresult* r, int row, int col) {
  auto s = text(r, row, col);
  return s.empty() ? 0 : std::strtoll(s.c_str(), nullptr, 10);
}
double real(const PGresult* r, int row, int col) {
  auto s = text(r, row, col);
  return s.empty() ? 0 : std::strtod(s.c_str(), nullptr);
}

}  // namespace

server_snapshot read_postgres(const std::string& dsn) {
  constexpr const char* what = "PostgreSQL";
  connection c = connect(dsn, what, true);
  server_snapshot s;
  // One read-only transaction: every query sees the same now(), and nothing can be written.
  exec(c.get(), "BEGIN TRANSACTION READ ONLY", what);
  {
    // current_setting(name, true) is NULL for reserved_connections before 16 (func.sgml).
    auto r = exec(c.get(),
                  "SELECT current_setting('server_version_num'), "
                  "current_setting('max_connections'), "
                  "current_setting('superuser_reserved_connections'), "
                  "current_setting('reserved_connections', true)",
                  what);
    s.server_version_num = integer(r.get(), 0, 0);
    s.max_connections = integer(r.get(), 0, 1);
    s.superuser_reserved_connections = integer(r.get(), 0, 2);
    if (s.server_version_num >= 160000) s.reserved_connections = integer(r.get(), 0, 3);
  }
  {
    // Client backends only: since PostgreSQL 10 pg_stat_activity also lists background workers,
    // autovacuum and WAL senders, which do not take ordinary connection slots (monitoring.sgml).
    auto r = exec(c.get(),
                  "SELECT pid, application_name, usename, datname, host(client_addr), state, "
                  "extract(epoch FROM clock_timestamp() - state_change)::float8, "
                  "extract(epoch FROM clock_timestamp() - xact_start)::float8 "
                  "FROM pg_stat_activity "
                  "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
                  "ORDER BY pid",
                  what);
    for (int i = 0; i < libpq().ntuples(r.get()); ++i) {
      backend_row b;
      b.pid = integer(r.get(), i, 0);
      b.application_name = text(r.get(), i, 1);
      b.usename = text(r.get(), i, 2);
      b.datname = text(r.get(), i, 3);
      b.client_addr = maybe_text(r.get(), i, 4);
      b.state = text(r.get(), i, 5);
      b.state_age_seconds = real(r.get(), i, 6);
      if (!libpq().getisnull(r.get(), i, 7)) b.xact_age_seconds = real(r.get(), i, 7);
      s.backends.push_back(std::move(b));
    }
  }
  {
    auto r = exec(c.get(), "SELECT name, setting, coalesce(unit, '') FROM pg_settings", what);
    for (int i = 0; i < libpq().ntuples(r.get()); ++i)
      s.settings[text(r.get(), i, 0)] = {text(r.get(), i, 1), text(r.get(), i, 2)};
  }
  {
    auto r = exec(c.get(),
                  "SELECT rolname, rolconnlimit FROM pg_roles WHERE rolconnlimit >= 0 "
                  "AND rolcanlogin",
                  what);
    for (int i = 0; i < libpq().ntuples(r.get()); ++i)
      s.role_limits[text(r.get(), i, 0)] = integer(r.get(), i, 1);
  }
  {
    auto r = exec(c.get(), "SELECT datname, datconnlimit FROM pg_database WHERE datconnlimit >= 0",
                  what);
    for (int i = 0; i < libpq().ntuples(r.get()); ++i)
      s.database_limits[text(r.get(), i, 0)] = integer(r.get(), i, 1);
  }
  exec(c.get(), "COMMIT", what);
  return s;
}

pgbouncer_snapshot read_pgbouncer(const std::string& dsn, const std::string& name) {
  constexpr const char* what = "the PgBouncer admin console";
  connection c = connect(dsn, what, false);
  pgbouncer_snapshot p;
  p.name = name;
  // Columns are looked up by name: PgBouncer adds columns between releases (usage.md).
  {
    auto r = exec(c.get(), "SHOW POOLS", what);
    const PGresult* x = r.get();
    for (int i = 0; i < libpq().ntuples(x); ++i) {
      pool_row row;
      row.database = text(x, i, libpq().fnumber(x, "database"));
      row.user = text(x, i, libpq().fnumber(x, "user"));
      row.cl_active = integer(x, i, libpq().fnumber(x, "cl_active"));
      row.cl_waiting = integer(x, i, libpq().fnumber(x, "cl_waiting"));
      row.sv_active = integer(x, i, libpq().fnumber(x, "sv_active"));
      row.sv_idle = integer(x, i, libpq().fnumber(x, "sv_idle"));
      row.sv_used = integer(x, i, libpq().fnumber(x, "sv_used"));
      row.maxwait = integer(x, i, libpq().fnumber(x, "maxwait"));
      row.maxwait_us = integer(x, i, libpq().fnumber(x, "maxwait_us"));
      p.pools.push_back(std::move(row));
    }
  }
  {
    auto r = exec(c.get(), "SHOW CLIENTS", what);
    const PGresult* x = r.get();
    for (int i = 0; i < libpq().ntuples(x); ++i) {
      client_row row;
      row.user = text(x, i, libpq().fnumber(x, "user"));
      row.database = text(x, i, libpq().fnumber(x, "database"));
      row.state = text(x, i, libpq().fnumber(x, "state"));
      row.addr = text(x, i, libpq().fnumber(x, "addr"));
      row.application_name = text(x, i, libpq().fnumber(x, "application_name"));
      row.link = text(x, i, libpq().fnumber(x, "link"));
      p.clients.push_back(std::move(row));
    }
  }
  {
    auto r = exec(c.get(), "SHOW SERVERS", what);
    const PGresult* x = r.get();
    for (int i = 0; i < libpq().ntuples(x); ++i) {
      server_row row;
      row.user = text(x, i, libpq().fnumber(x, "user"));
      row.database = text(x, i, libpq().fnumber(x, "database"));
      row.state = text(x, i, libpq().fnumber(x, "state"));
      row.ptr = text(x, i, libpq().fnumber(x, "ptr"));
      row.remote_pid = integer(x, i, libpq().fnumber(x, "remote_pid"));
      p.servers.push_back(std::move(row));
    }
  }
  return p;
}

}  // namespace connplan::observe
