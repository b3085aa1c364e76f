// Small deployments for the plan rules' tests: one server, optional PgBouncer, gunicorn services.
#pragma once

#include <string>
#include <vector>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules::testing {

inline source pg_line(std::uint32_t line) {
  return source::from_file({"postgresql.conf", {line, 1}, {line, 17}});
}
inline source ini_line(std::uint32_t line) {
  return source::from_file({"pgbouncer.ini", {line, 1}, {line, 17}});
}
inline source py_line(std::uint32_t line) {
  return source::from_file({"gunicorn.conf.py", {line, 1}, {line, 11}});
}

inline plan::server_input server(long long max, source from = pg_line(5)) {
  plan::server_input s;
  s.name = "postgres";
  s.max_connections = plan::count::known(max, from);
  s.superuser_reserved_connections = plan::count::known(3, source::default_value());
  s.reserved_connections = plan::count::known(0, source::default_value());
  s.operations = plan::count::known(0, source::default_value());
  return s;
}

inline plan::service_input web(long long workers, long long threads,
                               std::string target = "postgres", bool via_pgbouncer = false) {
  plan::service_input s;
  s.name = "web";
  s.kind = plan::service_kind::gunicorn;
  s.replicas = plan::count::known(1, source::default_value());
  s.processes = plan::count::known(workers, py_line(1));
  s.model = threads > 1 ? plan::concurrency_model::threads : plan::concurrency_model::one;
  s.model_label = threads > 1 ? "gthread" : "sync";
  s.concurrency = plan::count::known(threads, py_line(2));
  plan::alias_use a;
  a.alias = "default";
  a.target = std::move(target);
  a.via_pgbouncer = via_pgbouncer;
  a.database = "crm";
  a.user = "crm";
  s.aliases = {a};
  s.sources = {py_line(1)};
  return s;
}

inline plan::pgbouncer_input bouncer(long long pool_size, long long max_client_conn = 100) {
  plan::pgbouncer_input b;
  b.name = "pool";
  b.server = "postgres";
  b.instances = plan::count::known(1, source::default_value());
  b.max_client_conn = plan::count::known(max_client_conn, ini_line(9));
  b.source = ini_line(8);
  plan::pgbouncer_pool_input e;
  e.database = "crm";
  e.pool_size = pool_size;
  e.source = ini_line(2);
  b.databases = {e};
  return b;
}

// Runs one rule over the deployment and returns its findings.
inline std::vector<finding> run(rule_fn rule, const plan::deployment& d) {
  plan::result r = plan::compute(d);
  std::vector<finding> out;
  rule(rule_context{d, r}, out);
  return out;
}

}  // namespace connplan::rules::testing
