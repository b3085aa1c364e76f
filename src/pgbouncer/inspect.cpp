// `connplan inspect` for pgbouncer.ini: the loaded configuration in CONTRACTS.md §6's shape.
#include "connplan/json_io.hpp"
#include "connplan/pgbouncer.hpp"

namespace connplan::pgbouncer {
namespace {

using nlohmann::json;

template <class T>
json entry(const T& value, const connplan::source& from) {
  return to_json(value_entry::known(json(value), from));
}

json null_entry(const connplan::source& from) {
  return to_json(value_entry::known(nullptr, from));
}

json database_json(const database_entry& d) {
  json out = json::object();
  out["host"] = d.host.value ? entry(*d.host.value, d.host.origin) : null_entry(d.host.origin);
  out["port"] = entry(d.port.value, d.port.origin);
  out["dbname"] = entry(d.dbname.value, d.dbname.origin);
  out["user"] = d.forced_user.value ? entry(*d.forced_user.value, d.forced_user.origin)
                                    : null_entry(d.forced_user.origin);
  out["pool_size"] = entry(d.pool_size.value, d.pool_size.origin);
  out["min_pool_size"] = entry(d.min_pool_size.value, d.min_pool_size.origin);
  out["reserve_pool"] = entry(d.reserve_pool.value, d.reserve_pool.origin);
  out["pool_mode"] = entry(std::string(to_string(d.mode.value)), d.mode.origin);
  out["pool_mode_inherited"] = entry(d.mode_inherited, d.mode.origin);
  out["max_db_connections"] = entry(d.max_db_connections.value, d.max_db_connections.origin);
  return out;
}

// SHOW USERS semantics: pool_mode is the user's own (null: inherits from the database or
// [pgbouncer]); pool_size / reserve_pool likewise null when not set; max_user_connections has the
// global fallback applied (src/server.c user_max_connections).
json user_json(const user_entry& u, int minor) {
  json out = json::object();
  out["pool_mode"] = u.mode ? entry(std::string(to_string(u.mode->value)), u.mode->origin)
                            : null_entry(connplan::source::default_value());
  if (minor >= 23) {
    out["pool_size"] = u.pool_size ? entry(u.pool_size->value, u.pool_size->origin)
                                   : null_entry(connplan::source::default_value());
  }
  if (minor >= 24) {
    out["reserve_pool"] = u.reserve_pool ? entry(u.reserve_pool->value, u.reserve_pool->origin)
                                         : null_entry(connplan::source::default_value());
  }
  out["max_user_connections"] = entry(u.max_user_connections.value, u.max_user_connections.origin);
  return out;
}

}  // namespace

inspected_file inspect(const std::filesystem::path& file, const inspect_options& options) {
  config c = load(file, options);
  inspected_file out;
  out.path = c.path;
  out.kind = "pgbouncer";
  out.accepted = c.accepted;
  out.complete = c.complete;
  for (const auto& [name, s] : c.settings) {
    // A NULL string (never set, no default) is JSON null, as SHOW CONFIG prints NULL.
    out.settings[name] = value_entry::known(s.null ? json(nullptr) : json(s.shown), s.origin);
  }
  out.shadowed = std::move(c.shadowed);
  out.diagnostics = std::move(c.diagnostics);
  int minor = std::stoi(c.version.substr(2));
  json databases = json::object();
  for (const auto& d : c.databases) databases[d.name] = database_json(d);
  json users = json::object();
  for (const auto& u : c.users) users[u.name] = user_json(u, minor);
  out.extra["databases"] = std::move(databases);
  out.extra["users"] = std::move(users);
  if (!c.include_workdir.empty()) out.extra["include_workdir"] = c.include_workdir;
  return out;
}

}  // namespace connplan::pgbouncer
