// "What fits" (CONTRACTS §7): the largest value of each service's main knob that keeps the server
// within warn_percent of its usable slots. suggest() computes the server's demand per trial value
// from the one service that changes; these tests hold it to the definition, a full replan of the
// deployment with the knob changed, on varied deployments.
#include "planner/suggestions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "connplan/plan.hpp"

namespace connplan::plan::detail {
result compute_without_suggestions(const deployment& d);
}

namespace connplan::plan {
namespace {

count known(long long v) {
  return count::known(v, source::default_value());
}

count unbounded() {
  count c;
  c.unbounded = true;
  c.reason = "no limit";
  return c;
}

// The definition, by brute force: per server and per service with a direct alias to it and a known
// knob, the largest v in [0, max(4·current, 1024)] for which a whole replan of the deployment with
// the knob set to v keeps the server's demand known and within budget; none when the cap fits.
struct expected_suggestion {
  std::string service, knob;
  long long current, max_that_fits;
};

std::vector<expected_suggestion> by_replanning(const deployment& d, const result& r) {
  std::vector<expected_suggestion> out;
  for (const auto& server : r.servers) {
    if (!server.demand || server.usable <= 0) continue;
    const auto& in = *std::find_if(d.servers.begin(), d.servers.end(),
                                   [&](const server_input& s) { return s.name == server.name; });
    const auto budget = static_cast<long long>(
        std::floor(static_cast<double>(server.usable) * in.warn_percent / 100.0));
    for (std::size_t i = 0; i < d.services.size(); ++i) {
      const service_input& s = d.services[i];
      if (std::none_of(s.aliases.begin(), s.aliases.end(), [&](const alias_use& a) {
            return !a.via_pgbouncer && a.target == server.name;
          }))
        continue;
      const detail::knob k = detail::knob_of(s);
      if (!(s.*k.field).value) continue;
      auto fits = [&](long long v) {
        deployment trial = d;
        (trial.services[i].*k.field).value = v;
        result t = detail::compute_without_suggestions(trial);
        auto it = std::find_if(t.servers.begin(), t.servers.end(),
                               [&](const server_plan& x) { return x.name == server.name; });
        return it->demand && *it->demand <= budget;
      };
      const long long current = *(s.*k.field).value;
      const long long cap = std::max(current * 4, 1024LL);
      if (fits(cap)) continue;
      long long lo = 0;
      while (lo < cap && fits(lo + 1)) ++lo;  // linear: no reliance on monotony
      out.push_back({s.name, k.name, current, lo});
    }
  }
  return out;
}

// Deterministic, varied deployments: two servers, PgBouncers with several pools and limits,
// services that go direct, through a PgBouncer or both, unknown and unbounded knobs, pools, fixed
// per-process connections and operations.
deployment generated(unsigned seed, std::size_t services) {
  unsigned state = seed * 2654435761U + 1;
  auto next = [&](unsigned n) {
    state = state * 1103515245U + 12345U;
    return (state >> 16) % n;
  };
  deployment d;
  for (int k = 0; k < 2; ++k) {
    server_input s;
    s.name = k == 0 ? "pg-a" : "pg-b";
    s.max_connections = known(50 + next(400));
    s.superuser_reserved_connections = known(3);
    s.reserved_connections = known(next(3));
    s.operations = known(next(8));
    s.warn_percent = 60 + next(40);
    d.servers.push_back(s);
  }
  for (int k = 0; k < 2; ++k) {
    pgbouncer_input b;
    b.name = k == 0 ? "bouncer-a" : "bouncer-b";
    b.server = next(2) == 0 ? "pg-a" : "pg-b";
    b.instances = known(1 + next(3));
    b.max_client_conn = known(1000);
    b.max_user_connections = next(2) == 0 ? 0 : 10 + next(30);
    b.unlimited_pool_size_zero = next(2) == 0;
    for (int p = 0; p < 3; ++p) {
      pgbouncer_pool_input e;
      e.database = "db" + std::to_string(p);
      e.pool_size = next(4) == 0 ? 0 : 5 + next(20);
      e.reserve = next(5);
      e.min_pool_size = next(3);
      e.max_db_connections = next(2) == 0 ? 0 : 10 + next(40);
      if (next(3) == 0) e.forced_user = "forced";
      b.databases.push_back(e);
    }
    d.pgbouncers.push_back(b);
  }
  constexpr service_kind kinds[] = {service_kind::gunicorn, service_kind::uvicorn,
                                    service_kind::celery_worker, service_kind::celery_beat,
                                    service_kind::command};
  constexpr concurrency_model models[] = {concurrency_model::one, concurrency_model::threads,
                                          concurrency_model::green, concurrency_model::asgi};
  for (std::size_t i = 0; i < services; ++i) {
    service_input s;
    s.name = "service-" + std::to_string(i);
    s.kind = kinds[next(5)];
    s.model = models[next(4)];
    s.model_label = "m";
    s.replicas = next(8) == 0 ? unbounded() : known(1 + next(4));
    s.processes = next(10) == 0 ? count{} : known(1 + next(8));
    s.concurrency = next(8) == 0 ? count{} : known(1 + next(16));
    s.django_per_request_threads = next(4) != 0;
    const unsigned aliases = 1 + next(3);
    for (unsigned k = 0; k < aliases; ++k) {
      alias_use a;
      a.alias = "alias" + std::to_string(k);
      a.via_pgbouncer = next(2) == 0;
      a.target = a.via_pgbouncer ? (next(2) == 0 ? "bouncer-a" : "bouncer-b")
                                 : (next(2) == 0 ? "pg-a" : "pg-b");
      a.database = "db" + std::to_string(next(4));  // db3 has no entry
      a.user = "user" + std::to_string(next(3));
      a.persistence = static_cast<persistence>(next(3));
      if (next(6) == 0) a.pool_max = 2 + next(6);
      if (next(8) == 0) a.fixed_per_process = 1;
      s.aliases.push_back(a);
    }
    d.services.push_back(s);
  }
  return d;
}

TEST(suggestions, every_suggestion_is_the_largest_value_a_whole_replan_accepts) {
  std::size_t checked = 0;
  for (unsigned seed = 0; seed < 40; ++seed) {
    const deployment d = generated(seed, 2 + seed % 7);
    const result r = detail::compute_without_suggestions(d);
    const auto got = detail::suggest(d, r);
    const auto want = by_replanning(d, r);
    ASSERT_EQ(got.size(), want.size()) << "seed " << seed;
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].service, want[k].service) << "seed " << seed;
      EXPECT_EQ(got[k].knob, want[k].knob) << "seed " << seed;
      EXPECT_EQ(got[k].current, want[k].current) << "seed " << seed;
      EXPECT_EQ(got[k].max_that_fits, want[k].max_that_fits)
          << "seed " << seed << " " << got[k].message;
      ++checked;
    }
  }
  EXPECT_GT(checked, 30U);  // the generator reaches the cases that have a suggestion
}

TEST(suggestions, a_service_that_also_feeds_a_pgbouncer_counts_the_pools_it_fills) {
  deployment d;
  server_input s;
  s.name = "pg";
  s.max_connections = known(103);
  s.superuser_reserved_connections = known(3);
  s.reserved_connections = known(0);
  s.operations = known(0);
  s.warn_percent = 100;
  d.servers = {s};
  pgbouncer_input b;
  b.name = "bouncer";
  b.server = "pg";
  b.instances = known(1);
  b.max_client_conn = known(1000);
  pgbouncer_pool_input e;
  e.database = "app";
  e.pool_size = 1000;
  b.databases = {e};
  d.pgbouncers = {b};
  service_input web;
  web.name = "web";
  web.kind = service_kind::gunicorn;
  web.replicas = known(1);
  web.processes = known(10);
  web.model = concurrency_model::one;
  alias_use direct;
  direct.alias = "default";
  direct.target = "pg";
  direct.user = "app";
  alias_use pooled = direct;
  pooled.alias = "pooled";
  pooled.target = "bouncer";
  pooled.via_pgbouncer = true;
  pooled.database = "app";
  web.aliases = {direct, pooled};
  d.services = {web};
  const result r = detail::compute_without_suggestions(d);
  ASSERT_EQ(r.servers[0].demand, 20);
  const auto got = detail::suggest(d, r);
  ASSERT_EQ(got.size(), 1U);
  // Each worker holds one direct connection and fills one pooled one: 2 per worker, 100 slots.
  EXPECT_EQ(got[0].knob, "workers");
  EXPECT_EQ(got[0].max_that_fits, 50);
}

}  // namespace
}  // namespace connplan::plan
