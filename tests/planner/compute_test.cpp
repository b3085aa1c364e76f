// The whole plan: servers' budgets, PgBouncer pools, reload peaks and what fits (CONTRACTS §7).
#include <gtest/gtest.h>

#include "connplan/plan.hpp"

namespace connplan::plan {
namespace {

source toml(std::uint32_t line) {
  return source::toml({"connplan.toml", {line, 1}, {line, 1}});
}

server_input server(long long max, long long reserved = 3) {
  server_input s;
  s.name = "postgres";
  s.max_connections = count::known(max, source::default_value());
  s.superuser_reserved_connections = count::known(reserved, source::default_value());
  s.reserved_connections = count::known(0, source::default_value());
  s.operations = count::known(0, source::default_value());
  return s;
}

service_input web(long long workers, long long threads, std::string target, bool via_pgbouncer,
                  persistence p = persistence::closes) {
  service_input s;
  s.name = "web";
  s.kind = service_kind::gunicorn;
  s.replicas = count::known(1, source::default_value());
  s.processes = count::known(workers, toml(3));
  s.model = threads > 1 ? concurrency_model::threads : concurrency_model::one;
  s.model_label = threads > 1 ? "gthread" : "sync";
  s.concurrency = count::known(threads, toml(4));
  alias_use a;
  a.alias = "default";
  a.target = std::move(target);
  a.via_pgbouncer = via_pgbouncer;
  a.database = "crm";
  a.user = "crm";
  a.persistence = p;
  s.aliases = {a};
  s.reload_doubles = true;
  return s;
}

// §7.5: "capacity = max_connections − superuser_reserved_connections − reserved_connections".
TEST(compute, usable_capacity_demand_headroom_and_reload_peak) {
  deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 8, "postgres", false, persistence::persistent)};
  auto r = compute(d);
  ASSERT_EQ(r.servers.size(), 1u);
  const auto& s = r.servers[0];
  EXPECT_EQ(s.usable, 97);
  EXPECT_EQ(s.demand, 32);
  EXPECT_EQ(s.steady_state, 32);
  // CONTRACTS §7: "a gunicorn service's surge is its own total (HUP starts a full new set first)".
  EXPECT_EQ(s.reload_peak, 64);
  ASSERT_TRUE(s.headroom_percent);
  EXPECT_NEAR(*s.headroom_percent, 100.0 * (97 - 32) / 97, 1e-9);
  ASSERT_EQ(s.contributions.size(), 1u);
  EXPECT_EQ(s.contributions[0].formula,
            "web: 1 replica × 4 workers × 8 threads (gthread) × 1 alias = 32");
}

TEST(compute, operations_are_a_contribution_of_their_own) {
  deployment d;
  d.servers = {server(100)};
  d.servers[0].operations = count::known(5, toml(9));
  d.services = {web(4, 1, "postgres", false)};
  auto r = compute(d);
  EXPECT_EQ(r.servers[0].demand, 9);
  ASSERT_EQ(r.servers[0].contributions.size(), 2u);
  EXPECT_EQ(r.servers[0].contributions[1].kind, "operations");
}

pgbouncer_input bouncer(long long pool_size, long long reserve = 0) {
  pgbouncer_input b;
  b.name = "pool";
  b.server = "postgres";
  b.instances = count::known(1, source::default_value());
  b.max_client_conn = count::known(100, source::default_value());
  pgbouncer_pool_input e;
  e.database = "crm";
  e.pool_size = pool_size;
  e.reserve = reserve;
  b.databases = {e};
  return b;
}

// §7.4 / CONTRACTS §7: "a pool's server connections = min(pool_size + reserve, clients of that
// pool), at least min_pool_size"; measured: gthread 4 × 25 → transaction pool 10 = 10 server, 100
// clients.
TEST(compute, pgbouncer_pool_bounds_what_reaches_the_server) {
  deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(10)};
  d.services = {web(4, 25, "pool", true)};
  auto r = compute(d);
  ASSERT_EQ(r.pgbouncers.size(), 1u);
  EXPECT_EQ(r.pgbouncers[0].client_demand, 100);
  EXPECT_EQ(r.pgbouncers[0].server_connections, 10);
  EXPECT_EQ(r.pgbouncers[0].ceiling, 10);
  ASSERT_EQ(r.pgbouncers[0].pools.size(), 1u);
  EXPECT_EQ(r.pgbouncers[0].pools[0].user, "crm");
  EXPECT_EQ(r.servers[0].demand, 10);
  EXPECT_EQ(r.servers[0].reload_peak,
            10);  // a reload adds clients to PgBouncer, not server connections
}

TEST(compute, reserve_counts_only_with_a_timeout_and_pools_are_per_user) {
  deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(10, 5)};
  d.services = {web(4, 25, "pool", true)};
  service_input other = web(1, 1, "pool", true);
  other.name = "admin";
  other.aliases[0].user = "admin";
  d.services.push_back(other);
  auto r = compute(d);
  EXPECT_EQ(r.pgbouncers[0].pools.size(), 2u);        // (crm, crm) and (crm, admin)
  EXPECT_EQ(r.pgbouncers[0].server_connections, 16);  // min(15, 100) + min(15, 1)
  EXPECT_EQ(r.pgbouncers[0].ceiling, 30);
  d.pgbouncers[0].reserve_pool_timeout = 0;
  EXPECT_EQ(compute(d).pgbouncers[0].server_connections, 11);
  // A forced user= makes one pool for the database.
  d.pgbouncers[0].databases[0].forced_user = "app";
  EXPECT_EQ(compute(d).pgbouncers[0].pools.size(), 1u);
}

TEST(compute, max_db_connections_and_instances) {
  deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(20)};
  d.pgbouncers[0].databases[0].max_db_connections = 12;
  d.pgbouncers[0].instances = count::known(3, toml(7));
  d.services = {web(4, 25, "pool", true)};
  auto r = compute(d);
  EXPECT_EQ(r.pgbouncers[0].server_connections, 36);  // 3 instances × min(20, 100) clamped to 12
  EXPECT_EQ(r.pgbouncers[0].ceiling, 36);
  EXPECT_EQ(r.servers[0].demand, 36);
}

TEST(compute, unbounded_demand_is_never_a_number) {
  deployment d;
  d.servers = {server(100)};
  service_input s = web(4, 1, "postgres", false, persistence::persistent);
  s.model = concurrency_model::green;
  s.model_label = "gevent";
  s.concurrency = count::known(100, toml(4));
  d.services = {s};
  auto r = compute(d);
  EXPECT_FALSE(r.servers[0].demand);
  EXPECT_TRUE(r.servers[0].unbounded);
  ASSERT_EQ(r.servers[0].unbounded_reasons.size(), 1u);
  EXPECT_EQ(r.servers[0].unbounded_reasons[0].rfind("web: gevent with persistent connections", 0),
            0u);
  EXPECT_FALSE(r.servers[0].headroom_percent);
  // Behind a PgBouncer the same service is bounded by the pool.
  d.pgbouncers = {bouncer(10)};
  d.services[0].aliases[0].target = "pool";
  d.services[0].aliases[0].via_pgbouncer = true;
  r = compute(d);
  EXPECT_EQ(r.servers[0].demand, 10);
  EXPECT_TRUE(r.pgbouncers[0].client_demand_unbounded);
}

// CONTRACTS §7: "largest value keeping demand ≤ warn_percent × usable".
TEST(compute, what_fits_is_the_largest_knob_within_warn_percent) {
  deployment d;
  d.servers = {server(100)};  // usable 97, 80% = 77
  d.services = {web(4, 25, "postgres", false)};
  auto r = compute(d);
  ASSERT_EQ(r.suggestions.size(), 1u);
  EXPECT_EQ(r.suggestions[0].knob, "threads");
  EXPECT_EQ(r.suggestions[0].current, 25);
  EXPECT_EQ(r.suggestions[0].max_that_fits, 19);  // 4 × 19 = 76 ≤ 77 < 80
  EXPECT_EQ(r.suggestions[0].message,
            "web: at most 19 threads fit within 80% of the 97 usable slots of postgres (now 25)");
}

}  // namespace
}  // namespace connplan::plan
