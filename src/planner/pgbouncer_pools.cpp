#include "planner/pgbouncer_pools.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace connplan::plan::detail {
namespace {

struct pool_state {
  const pgbouncer_pool_input* entry = nullptr;
  std::string user;
  amount clients = amount::of(0);
  long long pool_size = 0, reserve = 0, min_pool = 0;
  amount server = amount::of(0);
  long long ceiling = 0;
};

const pgbouncer_pool_input* entry_for(const pgbouncer_input& b, const std::string& database) {
  for (const auto& e : b.databases) {
    if (e.database == database) return &e;
  }
  return b.fallback ? &*b.fallback : nullptr;
}

// Clamps the pools selected by `same` to `limit` in total, scaling the largest first so the result
// stays deterministic (pgbouncer evicts idle connections of other pools to stay under the limit).
template <class Pred>
void clamp(std::vector<pool_state>& pools, long long limit, Pred same, bool ceiling) {
  if (limit <= 0) return;
  long long total = 0;
  for (auto& p : pools) {
    if (!same(p)) continue;
    long long v = ceiling ? p.ceiling : p.server.value.value_or(0);
    total += v;
  }
  long long excess = total - limit;
  for (auto& p : pools) {
    if (excess <= 0) break;
    if (!same(p)) continue;
    long long& v = ceiling ? p.ceiling : *p.server.value;
    if (!ceiling && !p.server.known()) continue;
    long long cut = std::min(v, excess);
    v -= cut;
    excess -= cut;
  }
}

}  // namespace

pgbouncer_outcome plan_pgbouncer(const pgbouncer_input& b,
                                 const std::vector<service_input>& services,
                                 const std::vector<service_demand>& demands) {
  pgbouncer_outcome out;
  out.plan.name = b.name;
  out.plan.server = b.server;
  out.plan.instances = b.instances.value.value_or(1);
  out.plan.max_client_conn = b.max_client_conn.value.value_or(100);
  out.sources.push_back(b.source);

  std::vector<pool_state> pools;
  out.client_demand = amount::of(0);
  for (std::size_t i = 0; i < services.size(); ++i) {
    const auto& d = demands[i];
    for (const auto& ad : d.aliases) {
      if (!ad.use->via_pgbouncer || ad.use->target != b.name) continue;
      amount clients = d.replicas * d.processes * ad.per_process;
      if (!clients.known())
        clients.reason = fmt::format("{}: {}", services[i].name, clients.reason);
      out.client_demand = out.client_demand + clients;
      const pgbouncer_pool_input* e = entry_for(b, ad.use->database);
      if (e == nullptr) continue;  // no such database: clients are refused (a rule reports it)
      // One pool per (database, user); a forced user= makes it one pool per database (domain.md
      // §5.2).
      std::string user = e->forced_user.value_or(ad.use->user);
      auto it = std::find_if(pools.begin(), pools.end(),
                             [&](const pool_state& p) { return p.entry == e && p.user == user; });
      if (it == pools.end()) {
        pool_state p;
        p.entry = e;
        p.user = user;
        p.pool_size = e->pool_size;
        // The reserve is used only after a client waited reserve_pool_timeout; 0 disables it
        // (src/objects.c launch_new_connection @ 1.23.1).
        p.reserve = b.reserve_pool_timeout > 0 ? e->reserve : 0;
        p.min_pool = e->min_pool_size;
        pools.push_back(p);
        it = std::prev(pools.end());
      }
      it->clients = it->clients + clients;
    }
  }

  for (auto& p : pools) {
    const bool unlimited = p.pool_size == 0 && b.unlimited_pool_size_zero;
    const long long cap = p.pool_size + p.reserve;
    // A pool opens a server connection only for a waiting client: min(pool + reserve, clients),
    // at least min_pool_size (CONTRACTS §7). Unbounded client demand is bounded by the pool.
    if (unlimited) {
      p.server = p.clients;
      p.ceiling = p.clients.value.value_or(0);
    } else {
      p.server = p.clients.known()
                     ? amount::of(std::max(std::min(cap, *p.clients.value), p.min_pool))
                     : amount::of(cap);
      p.ceiling = cap;
    }
  }
  // max_db_connections per database entry, max_user_connections per user (domain.md §5.2).
  for (const auto& p : pools) {
    auto same_db = [&](const pool_state& q) { return q.entry == p.entry; };
    clamp(pools, p.entry->max_db_connections, same_db, false);
    clamp(pools, p.entry->max_db_connections, same_db, true);
  }
  for (const auto& p : pools) {
    auto same_user = [&](const pool_state& q) { return q.user == p.user; };
    clamp(pools, b.max_user_connections, same_user, false);
    clamp(pools, b.max_user_connections, same_user, true);
  }

  amount per_instance = amount::of(0);
  long long ceiling = 0;
  std::vector<std::string> parts;
  for (const auto& p : pools) {
    per_instance = per_instance + p.server;
    ceiling += p.ceiling;
    out.plan.pools.push_back(pool_plan{p.entry->database, p.user, p.pool_size, p.reserve,
                                       p.clients.value, p.clients.unbounded, p.server.value,
                                       p.ceiling});
    parts.push_back(fmt::format("{}/{}: min({} pool + {} reserve, {} clients) = {}",
                                p.entry->database, p.user.empty() ? "?" : p.user, p.pool_size,
                                p.reserve, show(p.clients), show(p.server)));
    out.sources.push_back(p.entry->source);
  }
  // Every PgBouncer process has its own pools (domain.md §8 item 49).
  amount instances = from(b.instances);
  out.server_connections = instances * per_instance;
  out.plan.client_demand = out.client_demand.value;
  out.plan.client_demand_unbounded = out.client_demand.unbounded;
  out.plan.client_demand_reason = out.client_demand.reason;
  out.plan.server_connections = out.server_connections.value;
  out.plan.ceiling = out.plan.instances * ceiling;
  out.formula =
      fmt::format("{}: {} × ({}) = {}", b.name,
                  fmt::format("{} instance{}", show(instances), instances.value == 1 ? "" : "s"),
                  parts.empty() ? "no pools in use" : fmt::format("{}", fmt::join(parts, " + ")),
                  show(out.server_connections));
  return out;
}

}  // namespace connplan::plan::detail
