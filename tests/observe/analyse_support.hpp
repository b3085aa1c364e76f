// A synthetic deployment and snapshot shared by the observe tests: web (3 direct connections, one
// above its worst case of 2), worker (one idle in transaction for 90 s), api (2 PgBouncer clients,
// each paired with a server connection), and one connection no service matches.
#pragma once

#include "observe/analyse.hpp"

namespace connplan::observe::testing {

inline source_location toml_line(std::uint32_t line) {
  return {"connplan.toml", {line, 1}, {line, 12}};
}

inline expectations sample_expectations() {
  expectations e;
  e.server_name = "main";
  service_expectation web{"web", 2, 0, {}, toml_line(10)};
  web.match.application_name = "web*";
  service_expectation worker{"worker", 3, 3, {}, toml_line(16)};
  worker.match.application_name = "celery";
  service_expectation api{"api", 2, 2, {}, toml_line(22)};
  api.match.application_name = "api";
  e.services = {web, worker, api};
  e.repo_settings = {
      {"max_connections", "40", "", source_location{"postgresql.conf", {1, 1}, {1, 15}}},
      {"work_mem", "4096", "kB", source_location{"postgresql.conf", {2, 1}, {2, 8}}}};
  e.max_connections_at = source_location{"postgresql.conf", {1, 1}, {1, 15}};
  e.warn_percent = 80;
  e.idle_in_transaction_after = 60;
  return e;
}

inline backend_row row(long long pid, std::string app, std::string state, double age = 1) {
  backend_row b;
  b.pid = pid;
  b.application_name = std::move(app);
  b.usename = "app";
  b.datname = "appdb";
  b.client_addr = "127.0.0.1";
  b.state = std::move(state);
  b.state_age_seconds = age;
  return b;
}

inline snapshot sample_snapshot() {
  snapshot s;
  s.server.server_version_num = 150000;
  s.server.max_connections = 40;
  s.server.superuser_reserved_connections = 3;
  s.server.backends = {
      row(101, "web-1", "idle"), row(102, "web-1", "idle"), row(103, "web-2", "active"),
      row(201, "celery", "idle"), row(202, "celery", "idle in transaction", 90),
      // PgBouncer's server connections carry their client's application_name.
      row(301, "api", "idle"), row(302, "api", "active"), row(401, "adhoc", "idle")};
  s.server.backends[4].xact_age_seconds = 95;
  s.server.backends[7].usename = "postgres";
  s.server.backends[7].datname = "postgres";
  s.server.settings["max_connections"] = {"40", ""};
  s.server.settings["work_mem"] = {"8192", "kB"};
  pgbouncer_snapshot pb;
  pb.name = "bouncer";
  pb.pools = {{"appdb", "app", 2, 0, 2, 0, 0, 0, 0},
              {"pgbouncer", "pgbouncer", 1, 0, 0, 0, 0, 0, 0}};
  pb.clients = {{"app", "appdb", "active", "127.0.0.1", "api", "0xs1"},
                {"app", "appdb", "active", "127.0.0.1", "api", "0xs2"},
                {"postgres", "pgbouncer", "active", "127.0.0.1", "connplan", ""}};
  pb.servers = {{"app", "appdb", "active", "0xs1", 301}, {"app", "appdb", "active", "0xs2", 302}};
  s.pgbouncers.push_back(pb);
  return s;
}

}  // namespace connplan::observe::testing
