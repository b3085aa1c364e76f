// One service's worst case, each formula quoting reference/domain.md §7 or CONTRACTS §7.
#include <gtest/gtest.h>

#include "planner/service_demand.hpp"

namespace connplan::plan {
namespace {

using detail::demand_of;

source here(std::uint32_t line) {
  return source::from_file({"gunicorn.conf.py", {line, 1}, {line, 1}});
}

alias_use direct(std::string alias, persistence p = persistence::closes) {
  alias_use a;
  a.alias = std::move(alias);
  a.target = "postgres";
  a.persistence = p;
  return a;
}

service_input gunicorn(long long replicas, long long workers, concurrency_model m,
                       std::string label, std::optional<long long> c,
                       std::vector<alias_use> aliases) {
  service_input s;
  s.name = "web";
  s.kind = service_kind::gunicorn;
  s.replicas = count::known(replicas, source::default_value());
  s.processes = count::known(workers, here(1));
  s.model = m;
  s.model_label = std::move(label);
  if (c) s.concurrency = count::known(*c, here(2));
  s.aliases = std::move(aliases);
  return s;
}

// §7.1: "sync with threads ≤ 1: 1"; "Web = R × W × Σ_a perproc_a".
TEST(service_demand, sync_workers_hold_one_connection_per_alias) {
  auto d =
      demand_of(gunicorn(1, 4, concurrency_model::one, "sync", std::nullopt, {direct("default")}));
  EXPECT_EQ(d.total.value, 4);
  EXPECT_EQ(d.formula, "web: 1 replica × 4 workers × 1 at a time (sync) × 1 alias = 4");
}

// §7.1: "sync (string) with threads > 1, or gthread: threads"; DESIGN.md's example formula.
TEST(service_demand, gthread_multiplies_by_threads_and_aliases) {
  auto d = demand_of(gunicorn(2, 4, concurrency_model::threads, "gthread", 8,
                              {direct("default"), direct("replica")}));
  EXPECT_EQ(d.total.value, 128);
  EXPECT_EQ(d.per_replica.value, 64);
  EXPECT_EQ(d.formula, "web: 2 replicas × 4 workers × 8 threads (gthread) × 2 aliases = 128");
}

// §2.2: "with CONN_MAX_AGE=0 the number of open connections tracks concurrently executing
// DB-using requests; with N>0 or None it tracks the number of threads that have served a DB
// request".
TEST(service_demand, steady_state_is_zero_without_persistence_and_the_worst_case_with_it) {
  auto closing =
      demand_of(gunicorn(1, 2, concurrency_model::threads, "gthread", 8, {direct("default")}));
  EXPECT_EQ(closing.steady.value, 0);
  auto keeping = demand_of(gunicorn(1, 2, concurrency_model::threads, "gthread", 8,
                                    {direct("default", persistence::persistent)}));
  EXPECT_EQ(keeping.steady.value, 16);
}

// CONTRACTS §7: "gevent/eventlet with CONN_MAX_AGE ≠ 0 is unbounded (measured: connections pile up
// per HTTP connection); with CONN_MAX_AGE = 0 it is worker_connections per process."
TEST(service_demand, gevent_is_worker_connections_only_when_connections_close) {
  auto closing =
      demand_of(gunicorn(1, 4, concurrency_model::green, "gevent", 100, {direct("default")}));
  EXPECT_EQ(closing.total.value, 400);
  auto persistent = demand_of(gunicorn(1, 4, concurrency_model::green, "gevent", 100,
                                       {direct("default", persistence::persistent)}));
  EXPECT_FALSE(persistent.total.value);
  EXPECT_TRUE(persistent.total.unbounded);
  EXPECT_NE(persistent.total.reason.find("pile up"), std::string::npos);
  auto unknown = demand_of(gunicorn(1, 4, concurrency_model::green, "gevent", 100,
                                    {direct("default", persistence::unknown)}));
  EXPECT_FALSE(unknown.total.value);
  EXPECT_FALSE(unknown.total.unbounded);
}

// §7.1.3: native pool "max(min_size_a, min(C, max_size_a))", "pool": True = 4 and 4.
TEST(service_demand, native_pool_bounds_and_floors_each_process) {
  alias_use pooled = direct("default");
  pooled.pool_min = 4;
  pooled.pool_max = 4;
  auto sync = demand_of(gunicorn(1, 3, concurrency_model::one, "sync", std::nullopt, {pooled}));
  EXPECT_EQ(sync.total.value, 12);  // opened to min_size even when C is 1
  EXPECT_EQ(sync.steady.value, 12);
  pooled.pool_min = 2;
  pooled.pool_max = 10;
  auto threads = demand_of(gunicorn(1, 3, concurrency_model::threads, "gthread", 16, {pooled}));
  EXPECT_EQ(threads.total.value, 30);
  EXPECT_EQ(threads.steady.value, 6);
}

// §7.3: "if no cap exists (gunicorn UvicornWorker, daphne) the worst case is unbounded"; Django 3.2
// runs sync views on one thread per process (tool-behaviour.md: daphne + Django 3.2 measured 1).
TEST(service_demand, asgi_without_a_cap_is_unbounded_except_on_django_3_2) {
  service_input s =
      gunicorn(1, 2, concurrency_model::asgi, "daphne", std::nullopt, {direct("default")});
  s.kind = service_kind::daphne;
  auto d = demand_of(s);
  EXPECT_TRUE(d.total.unbounded);
  s.django_per_request_threads = false;
  EXPECT_EQ(demand_of(s).total.value, 2);
  s.django_per_request_threads = true;
  s.concurrency = count::known(50, here(3));  // uvicorn --limit-concurrency 50
  EXPECT_EQ(demand_of(s).total.value, 100);
}

// §7.2: prefork children each hold their own connection; the db+ result backend adds one per child.
TEST(service_demand, celery_prefork_children_and_the_result_backend) {
  service_input s;
  s.name = "worker";
  s.kind = service_kind::celery_worker;
  s.replicas = count::known(1, source::default_value());
  s.processes = count::known(4, source::default_value());
  s.model = concurrency_model::one;
  s.model_label = "prefork";
  s.aliases = {direct("default")};
  alias_use backend = direct("result backend");
  backend.fixed_per_process = 1;
  s.aliases.push_back(backend);
  auto d = demand_of(s);
  EXPECT_EQ(d.total.value, 8);  // measured: prefork -c 4 + db result backend = 8
  EXPECT_EQ(d.formula,
            "worker: 1 replica × 4 children × (1 at a time (prefork) + 1 (result backend)) = 8");
  s.closes_per_task = true;  // Celery >= 5.6
  s.aliases[0].persistence = persistence::persistent;
  EXPECT_EQ(demand_of(s).steady.value, 4);  // only the result backend's pooled connections stay
}

TEST(service_demand, unknown_counts_stay_unknown_with_their_reason) {
  service_input s =
      gunicorn(1, 1, concurrency_model::one, "sync", std::nullopt, {direct("default")});
  s.processes = count::unknown("environment variable WEB_CONCURRENCY is not set", here(4));
  auto d = demand_of(s);
  EXPECT_FALSE(d.total.value);
  EXPECT_FALSE(d.total.unbounded);
  EXPECT_EQ(d.total.reason, "environment variable WEB_CONCURRENCY is not set");
  s.replicas = count::known(0, source::default_value());
  EXPECT_EQ(demand_of(s).total.value, 0);  // zero replicas open nothing, whatever else is unknown
}

}  // namespace
}  // namespace connplan::plan
