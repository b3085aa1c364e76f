// PostgreSQL servers and PgBouncers of the deployment: declared in connplan.toml, else discovered.
#include <fmt/format.h>

#include <algorithm>

#include "launchfiles/postgres_overrides.hpp"
#include "model/model_support.hpp"
#include "model/parts.hpp"

namespace connplan::model_detail {
namespace {

inspect_options with_pg_version(const run_options& o, const std::optional<toml_string>& version) {
  inspect_options i = o.base;
  if (version) i.pg_version = version->value;
  return i;
}

// A parameter's value for the planner, from the effective settings or the catalogue default.
plan::count parameter(const postgres::server_config& c, std::string_view name, long long fallback) {
  auto it = c.settings.find(std::string(name));
  if (it != c.settings.end()) {
    if (!it->second.known)
      return plan::count::unknown(fmt::format("{}: {}", name, it->second.reason),
                                  it->second.origin);
    long long v = fallback;
    try {
      v = std::stoll(it->second.setting);
    } catch (...) {
      return plan::count::unknown(fmt::format("{} is not a number", name), it->second.origin);
    }
    return plan::count::known(v, it->second.origin);
  }
  if (auto v = c.integer(name)) return plan::count::known(*v, source::default_value());
  return plan::count::known(fallback, source::default_value());
}

loaded_server server_from(builder& b, std::string name,
                          const std::optional<std::string>& config_path,
                          const postgres_decl* decl) {
  loaded_server s;
  s.input.name = std::move(name);
  const project_config& cfg = b.model.config;
  s.input.operations = plan::count::known(cfg.operations.value, cfg.operations.origin);
  s.input.warn_percent = static_cast<double>(cfg.warn_percent.value);
  s.input.warn_percent_source = cfg.warn_percent.origin;
  if (decl != nullptr && decl->standby_of) s.input.standby_of = decl->standby_of->value;
  if (config_path) {
    s.config = postgres::load(b.absolute(*config_path),
                              with_pg_version(b.options, decl ? decl->version : std::nullopt));
    b.add_findings(s.config->diagnostics);
    for (const auto& f : s.config->files_read) b.model.files_read.push_back(f);
    s.input.max_connections = parameter(*s.config, "max_connections", 100);
    s.input.superuser_reserved_connections =
        parameter(*s.config, "superuser_reserved_connections", 3);
    s.input.reserved_connections = parameter(*s.config, "reserved_connections", 0);
    if (decl != nullptr && decl->max_connections) {
      // CONTRACTS §8: "with a config, the config wins and a CP803 note says so".
      b.add_findings({make_finding(
          "CP803",
          fmt::format("[postgres] max_connections = {} is not used: {} sets the server's "
                      "limits",
                      decl->max_connections->value, s.config->path),
          decl->max_connections->origin.location, s.input.name + ".max_connections")});
    }
    return s;
  }
  if (decl != nullptr && decl->max_connections) {
    s.input.max_connections =
        plan::count::known(decl->max_connections->value, decl->max_connections->origin);
  } else {
    s.input.max_connections =
        plan::count::known(100, source::assumed("PostgreSQL's default max_connections"));
    b.assume(fmt::format("max_connections of {}", s.input.name), "100",
             "PostgreSQL's default (no postgresql.conf found)", s.input.name);
  }
  s.input.superuser_reserved_connections = plan::count::known(3, source::default_value());
  s.input.reserved_connections = plan::count::known(0, source::default_value());
  return s;
}

// The launched process that runs this server: the compose service / Kubernetes workload named by
// `[postgres] launch`, else (one server) a process whose image is postgres.
const launchfiles::launched_process* server_process(const builder& b, const postgres_decl* decl,
                                                    bool only_server) {
  for (const auto& f : b.launch_files) {
    for (const auto& p : f.processes) {
      if (decl != nullptr && decl->launch) {
        if (p.name == decl->launch->value) return &p;
        continue;
      }
      if (!only_server) continue;
      std::string image = p.image.substr(0, p.image.find(':'));
      image = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
      if (image.starts_with("postgres") || image.starts_with("postgis")) return &p;
    }
  }
  return nullptr;
}

// `postgres -c max_connections=…` / `-N …` on the server's command line: command-line options
// override postgresql.conf (PGC_S_ARGV > PGC_S_FILE, utils/misc/guc.c @ REL_15).
void apply_launch_overrides(builder& b, loaded_server& s, const postgres_decl* decl,
                            bool only_server) {
  const auto* p = server_process(b, decl, only_server);
  if (p == nullptr || p->command.empty()) return;
  const auto cmd = launchfiles::parse_postgres_command(p->command, p->command_at);
  for (const auto& problem : cmd.problems) {
    b.add_findings({make_finding(
        "CP804", fmt::format("the command of {} is not one postgres accepts: {}", p->name, problem),
        p->command_at, "launch." + p->name + ".postgres")});
  }
  for (const auto& o : cmd.overrides) {
    plan::count* target = o.name == "max_connections" ? &s.input.max_connections
                          : o.name == "superuser_reserved_connections"
                              ? &s.input.superuser_reserved_connections
                          : o.name == "reserved_connections" ? &s.input.reserved_connections
                                                             : nullptr;
    if (target == nullptr) continue;
    // The launch file states the value: it is no longer PostgreSQL's default, assumed.
    auto& as = b.model.assumptions;
    const std::string assumed = fmt::format("{} of {}", o.name, s.input.name);
    as.erase(std::remove_if(as.begin(), as.end(),
                            [&](const assumption& a) { return a.name == assumed; }),
             as.end());
    try {
      std::size_t used = 0;
      const long long v = std::stoll(o.value, &used, 10);
      if (used != o.value.size()) throw std::invalid_argument(o.value);
      *target = plan::count::known(v, source::from_file(o.where));
    } catch (...) {
      *target = plan::count::unknown(fmt::format("{} \"{}\" is not a number", o.spelling, o.value),
                                     source::from_file(o.where));
    }
    b.model.files_read.push_back(o.where.file);
    if (o.name == "max_connections" && decl != nullptr && decl->max_connections && !s.config) {
      b.add_findings({make_finding(
          "CP803",
          fmt::format("[postgres] max_connections = {} is not used: {} starts the server with {}",
                      decl->max_connections->value, o.where.file, o.spelling),
          decl->max_connections->origin.location, s.input.name + ".max_connections")});
    }
  }
}

}  // namespace

void load_servers(builder& b, const discovered_files& found) {
  const project_config& cfg = b.model.config;
  if (!cfg.servers.empty()) {
    for (const auto& decl : cfg.servers) {
      std::optional<std::string> path;
      if (decl.config) path = decl.config->value;
      b.model.servers.push_back(server_from(b, decl.name.value, path, &decl));
      apply_launch_overrides(b, b.model.servers.back(), &decl, cfg.servers.size() == 1);
    }
    return;
  }
  std::optional<std::string> path;
  if (!found.postgresql.empty()) {
    path = found.postgresql.front();
    if (found.postgresql.size() > 1) {
      b.assume(
          "postgresql.conf of postgres", *path,
          fmt::format("discovered; {} others ignored (declare [postgres] config in connplan.toml)",
                      found.postgresql.size() - 1),
          "postgres");
    }
  }
  b.model.servers.push_back(server_from(b, "postgres", path, nullptr));
  apply_launch_overrides(b, b.model.servers.back(), nullptr, true);
}

namespace {

plan::pgbouncer_pool_input pool_from(const pgbouncer::database_entry& e) {
  plan::pgbouncer_pool_input p;
  p.database = e.name;
  if (e.forced_user.value) p.forced_user = *e.forced_user.value;
  p.pool_size = e.pool_size.value;
  p.reserve = e.reserve_pool.value;
  p.min_pool_size = e.min_pool_size.value;
  p.max_db_connections = e.max_db_connections.value;
  p.source = source::from_file(e.location);
  return p;
}

}  // namespace

void load_pgbouncers(builder& b, const discovered_files& found) {
  const project_config& cfg = b.model.config;
  struct wanted {
    std::string name, path, server;
    const pgbouncer_decl* decl;
  };
  std::vector<wanted> list;
  const std::string first_server =
      b.model.servers.empty() ? "postgres" : b.model.servers.front().input.name;
  if (!cfg.pgbouncers.empty()) {
    for (const auto& d : cfg.pgbouncers) {
      if (!d.config) continue;
      list.push_back({d.name ? d.name->value : "pgbouncer", d.config->value,
                      d.server ? d.server->value : first_server, &d});
    }
  } else {
    for (const auto& p : found.pgbouncer) {
      std::string name = found.pgbouncer.size() == 1 ? "pgbouncer" : "pgbouncer:" + p;
      list.push_back({name, p, first_server, nullptr});
    }
  }
  for (const auto& w : list) {
    inspect_options o = b.options.base;
    if (w.decl && w.decl->version) o.pgbouncer_version = w.decl->version->value;
    if (w.decl && w.decl->workdir) o.pgbouncer_workdir = b.absolute(w.decl->workdir->value);
    loaded_pgbouncer lb;
    lb.config = pgbouncer::load(b.absolute(w.path), o);
    b.add_findings(lb.config->diagnostics);
    for (const auto& f : lb.config->files_read) b.model.files_read.push_back(f);
    const auto& g = lb.config->global;
    auto& in = lb.input;
    in.name = w.name;
    in.server = w.server;
    in.instances = w.decl ? plan::count::known(w.decl->instances.value, w.decl->instances.origin)
                          : plan::count::known(1, source::default_value());
    in.max_client_conn = plan::count::known(g.max_client_conn.value, g.max_client_conn.origin);
    in.default_pool_size = g.default_pool_size.value;
    in.reserve_pool_size = g.reserve_pool_size.value;
    in.reserve_pool_timeout = g.reserve_pool_timeout.value;
    in.max_user_connections = g.max_user_connections.value;
    for (const auto& e : lb.config->databases) in.databases.push_back(pool_from(e));
    if (lb.config->fallback) in.fallback = pool_from(*lb.config->fallback);
    in.unlimited_pool_size_zero = lb.config->version >= std::string("1.24");
    in.source = source::from_file({lb.config->path, {1, 1}, {1, 1}});
    if (g.default_pool_size.origin.kind == source_kind::file)
      in.source = g.default_pool_size.origin;
    if (!w.decl) b.assume(fmt::format("instances of {}", in.name), "1", "default", in.name);
    b.model.pgbouncers.push_back(std::move(lb));
  }
}

}  // namespace connplan::model_detail
