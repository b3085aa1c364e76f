// The whole plan: services, then PgBouncer pools, then each server's budget (CONTRACTS §7).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "connplan/plan.hpp"
#include "planner/pgbouncer_pools.hpp"
#include "planner/service_demand.hpp"
#include "planner/suggestions.hpp"

namespace connplan::plan {

std::string_view to_string(service_kind kind) {
  switch (kind) {
    case service_kind::gunicorn:
      return "gunicorn";
    case service_kind::uvicorn:
      return "uvicorn";
    case service_kind::daphne:
      return "daphne";
    case service_kind::celery_worker:
      return "celery-worker";
    case service_kind::celery_beat:
      return "celery-beat";
    case service_kind::command:
      return "command";
  }
  return "gunicorn";
}

namespace {

using detail::amount;

std::optional<long long> value_of(const amount& a) {
  return a.value;
}

service_plan plan_service(const service_input& s, const detail::service_demand& d) {
  service_plan p;
  p.name = s.name;
  p.kind = s.kind;
  p.replicas = value_of(d.replicas);
  p.processes_per_replica = value_of(d.processes);
  p.concurrency_per_process = value_of(d.concurrency);
  for (const auto& a : s.aliases) {
    p.aliases.push_back(a.alias);
    p.route.emplace_back(a.alias, a.target);
  }
  p.per_replica = value_of(d.per_replica);
  p.total = value_of(d.total);
  p.steady_state = value_of(d.steady);
  p.unbounded = d.total.unbounded;
  p.unbounded_reason = d.total.reason;
  p.formula = d.formula;
  p.sources = s.sources;
  return p;
}

void add_reason(server_plan& sp, const std::string& who, const amount& a) {
  if (a.known()) return;
  sp.unbounded = sp.unbounded || a.unbounded;
  sp.unbounded_reasons.push_back(
      fmt::format("{}: {}", who, a.reason.empty() ? "unknown" : a.reason));
}

}  // namespace

namespace detail {

result compute_without_suggestions(const deployment& d) {
  result r;
  std::vector<detail::service_demand> demands;
  demands.reserve(d.services.size());
  for (const auto& s : d.services) {
    demands.push_back(detail::demand_of(s));
    r.services.push_back(plan_service(s, demands.back()));
  }

  std::vector<detail::pgbouncer_outcome> bouncers;
  for (const auto& b : d.pgbouncers) {
    bouncers.push_back(detail::plan_pgbouncer(b, d.services, demands));
    r.pgbouncers.push_back(bouncers.back().plan);
  }

  for (const auto& server : d.servers) {
    server_plan sp;
    sp.name = server.name;
    sp.max_connections = server.max_connections.value.value_or(0);
    sp.superuser_reserved_connections = server.superuser_reserved_connections.value.value_or(0);
    sp.reserved_connections = server.reserved_connections.value.value_or(0);
    sp.operations = server.operations.value.value_or(0);
    // Usable by ordinary application roles: max_connections − superuser_reserved_connections −
    // reserved_connections (domain.md §6.1).
    sp.usable = std::max(
        0LL, sp.max_connections - sp.superuser_reserved_connections - sp.reserved_connections);
    for (const auto* c : {&server.max_connections, &server.superuser_reserved_connections,
                          &server.reserved_connections}) {
      sp.limit_sources.insert(sp.limit_sources.end(), c->sources.begin(), c->sources.end());
    }

    amount demand = amount::of(0), steady = amount::of(0);
    amount largest_surge = amount::of(0);
    for (std::size_t i = 0; i < d.services.size(); ++i) {
      const auto& s = d.services[i];
      for (const auto& t : demands[i].targets) {
        if (t.via_pgbouncer || t.target != server.name) continue;
        contribution c{"service",          s.name,   t.total.value, t.total.unbounded,
                       demands[i].formula, s.sources};
        if (demands[i].targets.size() > 1) {
          c.formula = fmt::format("{} (of which {} to {})", demands[i].formula,
                                  detail::show(t.total), server.name);
        }
        sp.contributions.push_back(std::move(c));
        demand = demand + t.total;
        steady = steady + t.steady;
        add_reason(sp, s.name, t.total);
        // A reload or deploy runs old and new processes side by side (domain.md §1.4, CONTRACTS
        // §7).
        amount surge = amount::of(0);
        if (s.reload_doubles) surge = t.total;
        if (s.surge_replicas) surge = surge + detail::from(*s.surge_replicas) * t.per_replica;
        if (surge.known() && largest_surge.known()) {
          if (*surge.value > *largest_surge.value) largest_surge = surge;
        } else if (!surge.known()) {
          largest_surge = surge;
        }
      }
    }
    for (const auto& b : bouncers) {
      if (b.plan.server != server.name) continue;
      contribution c{
          "pgbouncer", b.plan.name, b.server_connections.value, b.server_connections.unbounded,
          b.formula,   b.sources};
      sp.contributions.push_back(std::move(c));
      demand = demand + b.server_connections;
      // PgBouncer keeps its server connections for server_idle_timeout: steady = worst case.
      steady = steady + b.server_connections;
      add_reason(sp, b.plan.name, b.server_connections);
    }
    if (sp.operations > 0) {
      sp.contributions.push_back(
          contribution{"operations", "operations", sp.operations, false,
                       fmt::format("operations: {} kept for psql, migrations and "
                                   "monitoring",
                                   sp.operations),
                       server.operations.sources});
      demand = demand + amount::of(sp.operations);
      steady = steady + amount::of(sp.operations);
    }
    sp.demand = demand.value;
    sp.steady_state = steady.value;
    amount peak = demand + largest_surge;
    sp.reload_peak = peak.value;
    if (sp.demand && sp.usable > 0) {
      sp.headroom_percent =
          100.0 * static_cast<double>(sp.usable - *sp.demand) / static_cast<double>(sp.usable);
    }
    r.servers.push_back(std::move(sp));
  }
  return r;
}

}  // namespace detail

result compute(const deployment& d) {
  result r = detail::compute_without_suggestions(d);
  r.suggestions = detail::suggest(d, r);
  return r;
}

}  // namespace connplan::plan
