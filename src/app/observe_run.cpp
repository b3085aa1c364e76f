#include "app/observe_run.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "connplan/error.hpp"
#include "observe/libpq_reader.hpp"

namespace connplan {

namespace {

observe::match_rule match_of(const service_match& m) {
  observe::match_rule r;
  if (m.application_name) r.application_name = m.application_name->value;
  if (m.usename) r.usename = m.usename->value;
  if (m.datname) r.datname = m.datname->value;
  if (m.client_addr) r.client_addr = m.client_addr->value;
  return r;
}

// The [[service]] table a planned service came from (model/services.cpp names undeclared ones
// "service-N" by their position among the declared ones).
const service_decl* declaration_of(const project_config& c, const std::string& name) {
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    const auto& d = c.services[i];
    const std::string n = d.name ? d.name->value : fmt::format("service-{}", i + 1);
    if (n == name) return &d;
  }
  return nullptr;
}

std::optional<source_location> file_location(const connplan::source& s) {
  if (s.kind != source_kind::file && s.kind != source_kind::toml) return std::nullopt;
  return s.location;
}

}  // namespace

observe_setup prepare_observe(const check_request& request, const std::string& server_name,
                              double idle_in_transaction_after) {
  check_outcome out = run_check(request);
  const auto& servers = out.model.servers;
  if (servers.empty()) throw error("the project has no PostgreSQL server to observe");
  auto server = servers.begin();
  if (!server_name.empty()) {
    server = std::find_if(servers.begin(), servers.end(),
                          [&](const loaded_server& s) { return s.input.name == server_name; });
    if (server == servers.end()) {
      std::string names;
      for (const auto& s : servers) names += (names.empty() ? "" : ", ") + s.input.name;
      throw error(fmt::format("--server {}: the plan has no such server (servers: {})", server_name,
                              names));
    }
  }
  observe_setup setup;
  auto& e = setup.expected;
  e.server_name = server->input.name;
  e.warn_percent = server->input.warn_percent;
  e.idle_in_transaction_after = idle_in_transaction_after;
  if (server->config) {
    for (const auto& [name, s] : server->config->settings) {
      if (s.origin.kind != source_kind::file || !s.known || s.placeholder) continue;
      e.repo_settings.push_back({name, s.setting, s.unit, s.origin.location});
    }
    if (auto it = server->config->settings.find("max_connections");
        it != server->config->settings.end())
      e.max_connections_at = file_location(it->second.origin);
  }

  // The services that reach this server, directly or through one of its PgBouncers.
  std::vector<std::string> targets{e.server_name};
  for (const auto& pb : out.plan.pgbouncers) {
    if (pb.server != e.server_name) continue;
    targets.push_back(pb.name);
    if (!setup.pgbouncer_name.empty()) continue;
    setup.pgbouncer_name = pb.name;
    for (const auto& pool : pb.pools)
      e.pools.push_back({pool.database, pool.user, pool.clients, pool.server_connections});
  }
  if (setup.pgbouncer_name.empty()) setup.pgbouncer_name = "pgbouncer";
  for (const auto& sp : out.plan.services) {
    const bool reaches =
        sp.route.empty() || std::any_of(sp.route.begin(), sp.route.end(), [&](const auto& r) {
          return std::find(targets.begin(), targets.end(), r.second) != targets.end();
        });
    if (!reaches) continue;
    observe::service_expectation x;
    x.name = sp.name;
    if (!sp.unbounded) {
      x.worst_case = sp.total;
      x.steady_state = sp.steady_state;
    }
    if (const auto* d = declaration_of(out.model.config, sp.name)) {
      x.match = match_of(d->match);
      x.declared_at = d->declared_at;
    }
    e.services.push_back(std::move(x));
  }
  setup.selection = selection_for(request, out.model.config);
  return setup;
}

observe_round observe_snapshot(const observe_setup& setup, const observe::snapshot& live,
                               observe::peaks& running) {
  observe_round round;
  round.observation = observe::analyse(setup.expected, live, running);
  round.findings = engine::apply(round.observation.findings, setup.selection);
  return round;
}

observe_round observe_once(const observe_setup& setup, const std::string& dsn,
                           const std::optional<std::string>& pgbouncer_dsn,
                           observe::peaks& running) {
  observe::snapshot live;
  live.server = observe::read_postgres(dsn);
  if (pgbouncer_dsn)
    live.pgbouncers.push_back(observe::read_pgbouncer(*pgbouncer_dsn, setup.pgbouncer_name));
  return observe_snapshot(setup, live, running);
}

}  // namespace connplan
