// The planner (plan::compute) on a generated deployment: 10 services per 1× (web, workers, beat,
// ASGI), a PostgreSQL server and a PgBouncer per 10 services, several aliases per service.
#include <fmt/format.h>

#include "bench_support.hpp"
#include "connplan/plan.hpp"

namespace connplan::bench {
namespace {

plan::count known(long long v) {
  return plan::count::known(v, source::default_value());
}

plan::deployment generated_deployment(std::size_t services) {
  plan::deployment d;
  const std::size_t groups = (services + 9) / 10;
  for (std::size_t g = 0; g < groups; ++g) {
    plan::server_input s;
    s.name = fmt::format("pg-{}", g);
    s.max_connections = known(500);
    s.superuser_reserved_connections = known(3);
    s.reserved_connections = known(0);
    s.operations = known(5);
    d.servers.push_back(s);

    plan::pgbouncer_input b;
    b.name = fmt::format("pgbouncer-{}", g);
    b.server = s.name;
    b.instances = known(2);
    b.max_client_conn = known(2000);
    for (int k = 0; k < 10; ++k) {
      plan::pgbouncer_pool_input p;
      p.database = fmt::format("db_{}_{}", g, k);
      p.pool_size = 10 + k;
      b.databases.push_back(p);
    }
    d.pgbouncers.push_back(b);
  }
  constexpr plan::service_kind kinds[] = {
      plan::service_kind::gunicorn, plan::service_kind::uvicorn, plan::service_kind::celery_worker,
      plan::service_kind::celery_beat, plan::service_kind::daphne};
  for (std::size_t i = 0; i < services; ++i) {
    plan::service_input s;
    s.name = fmt::format("service-{}", i);
    s.kind = kinds[i % 5];
    s.replicas = known(1 + static_cast<long long>(i % 4));
    s.processes = known(2 + static_cast<long long>(i % 8));
    s.model = i % 3 == 0 ? plan::concurrency_model::threads : plan::concurrency_model::one;
    s.model_label = i % 3 == 0 ? "gthread" : "sync";
    s.concurrency = known(i % 3 == 0 ? 8 : 1);
    s.reload_doubles = s.kind == plan::service_kind::gunicorn;
    for (int k = 0; k < 3; ++k) {
      plan::alias_use a;
      a.alias = k == 0 ? "default" : fmt::format("replica_{}", k);
      const std::size_t g = i / 10;
      a.via_pgbouncer = k != 2;
      a.target = a.via_pgbouncer ? fmt::format("pgbouncer-{}", g) : fmt::format("pg-{}", g);
      a.database = fmt::format("db_{}_{}", g, (i + static_cast<std::size_t>(k)) % 10);
      a.user = fmt::format("user_{}", i % 7);
      a.persistence = k == 0 ? plan::persistence::persistent : plan::persistence::closes;
      s.aliases.push_back(a);
    }
    d.services.push_back(s);
  }
  return d;
}

void compute_plan(benchmark::State& state) {
  const std::size_t services = 10 * static_cast<std::size_t>(state.range(0));
  const plan::deployment d = generated_deployment(services);
  for (auto _ : state) benchmark::DoNotOptimize(plan::compute(d));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * services));
  state.SetComplexityN(static_cast<std::int64_t>(services));
}

BENCHMARK(compute_plan)
    ->Name("planner/services")
    ->Arg(1)
    ->Arg(10)
    ->Arg(100)
    ->Complexity(benchmark::oN)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace connplan::bench
