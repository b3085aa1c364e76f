#include "planner/suggestions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "planner/pgbouncer_pools.hpp"
#include "planner/service_demand.hpp"

namespace connplan::plan::detail {

knob knob_of(const service_input& s) {
  switch (s.kind) {
    case service_kind::gunicorn:
      if (s.model == concurrency_model::threads) return {"threads", &service_input::concurrency};
      if (s.model == concurrency_model::green)
        return {"worker_connections", &service_input::concurrency};
      return {"workers", &service_input::processes};
    case service_kind::celery_worker:
      if (s.model == concurrency_model::one) return {"concurrency", &service_input::processes};
      return {"concurrency", &service_input::concurrency};
    case service_kind::uvicorn:
      if (s.model == concurrency_model::asgi && s.concurrency.value)
        return {"limit_concurrency", &service_input::concurrency};
      return {"workers", &service_input::processes};
    default:
      return {"replicas", &service_input::replicas};
  }
}

namespace {

// One contribution to a server's demand: only its value matters to "fits" (known and within
// budget), so unknown and unbounded collapse into "not known".
struct part {
  long long value = 0;
  bool known = true;
};

part operator+(part a, part b) {
  return {a.value + b.value, a.known && b.known};
}

part part_of(const amount& a) {
  return {a.value.value_or(0), a.known()};
}

// What one service sends straight to `server`, exactly as compute_without_suggestions adds it.
part direct_part(const service_demand& sd, const std::string& server) {
  part p;
  for (const auto& t : sd.targets) {
    if (t.via_pgbouncer || t.target != server) continue;
    p = p + part_of(t.total);
  }
  return p;
}

bool feeds(const service_input& s, const std::string& bouncer) {
  return std::any_of(s.aliases.begin(), s.aliases.end(),
                     [&](const alias_use& a) { return a.via_pgbouncer && a.target == bouncer; });
}

// The demand on one server split by who causes it, so a trial value of one service's knob
// recomputes only that service and the PgBouncers it feeds instead of the whole plan (replanning
// the whole deployment per bisection step made `suggest` quadratic in the number of services).
class server_demand {
 public:
  server_demand(const deployment& d, const std::string& server,
                const std::vector<service_demand>& demands,
                const std::vector<pgbouncer_outcome>& bouncers)
      : d_(d), server_(server), demands_(demands) {
    for (const auto& sd : demands_) {
      services_.push_back(direct_part(sd, server));
      if (services_.back().known) {
        known_sum_ += services_.back().value;
      } else {
        ++unknown_;
      }
    }
    for (std::size_t b = 0; b < bouncers.size(); ++b) {
      if (bouncers[b].plan.server != server) continue;
      feeders f;
      f.bouncer = b;
      f.fixed = part_of(bouncers[b].server_connections);
      // Only the services that route to this PgBouncer reach its pools, in the same order, so
      // planning it over them alone gives the same outcome at a cost of its own clients only.
      for (std::size_t j = 0; j < d_.services.size(); ++j) {
        if (!feeds(d_.services[j], d_.pgbouncers[b].name)) continue;
        f.index.push_back(j);
        f.services.push_back(d_.services[j]);
        f.demands.push_back(demands_[j]);  // its aliases still point into d.services
      }
      bouncers_.push_back(std::move(f));
    }
    for (const auto& s : d_.servers) {
      if (s.name != server) continue;
      // compute_without_suggestions uses the first server of this name, as demand_on did.
      operations_ = std::max(0LL, s.operations.value.value_or(0));
      break;
    }
  }

  // The server's demand with service i's demand replaced by `trial`.
  part with(std::size_t i, service_demand trial) {
    const part& mine = services_[i];
    part total{operations_ + known_sum_ - (mine.known ? mine.value : 0),
               unknown_ == (mine.known ? 0U : 1U)};
    total = total + direct_part(trial, server_);
    for (auto& f : bouncers_) {
      auto at = std::lower_bound(f.index.begin(), f.index.end(), i);
      if (at == f.index.end() || *at != i) {
        total = total + f.fixed;
        continue;
      }
      auto& slot = f.demands[static_cast<std::size_t>(at - f.index.begin())];
      std::swap(slot, trial);
      total =
          total +
          part_of(
              plan_pgbouncer(d_.pgbouncers[f.bouncer], f.services, f.demands).server_connections);
      std::swap(slot, trial);
    }
    return total;
  }

 private:
  const deployment& d_;
  const std::string& server_;
  const std::vector<service_demand>& demands_;
  std::vector<part> services_;
  struct feeders {
    std::size_t bouncer = 0;         // in d.pgbouncers
    part fixed;                      // its server connections with every knob as configured
    std::vector<std::size_t> index;  // ascending, in d.services
    std::vector<service_input> services;
    std::vector<service_demand> demands;
  };
  std::vector<feeders> bouncers_;
  long long known_sum_ = 0;  // of the services' known parts
  std::size_t unknown_ = 0;  // services whose part is unknown or unbounded
  long long operations_ = 0;
};

}  // namespace

std::vector<suggestion> suggest(const deployment& d, const result& r) {
  std::vector<suggestion> out;
  // Every service's and PgBouncer's demand, computed once (as compute_without_suggestions does).
  std::vector<service_demand> demands;
  demands.reserve(d.services.size());
  for (const auto& s : d.services) demands.push_back(demand_of(s));
  std::vector<pgbouncer_outcome> bouncers;
  bouncers.reserve(d.pgbouncers.size());
  for (const auto& b : d.pgbouncers) bouncers.push_back(plan_pgbouncer(b, d.services, demands));

  for (const auto& server : r.servers) {
    if (!server.demand || server.usable <= 0) continue;
    const auto budget = static_cast<long long>(
        std::floor(static_cast<double>(server.usable) *
                   std::find_if(d.servers.begin(), d.servers.end(),
                                [&](const auto& s) { return s.name == server.name; })
                       ->warn_percent /
                   100.0));
    std::optional<server_demand> calc;  // built for the first service that needs it
    for (std::size_t i = 0; i < d.services.size(); ++i) {
      const service_input& s = d.services[i];
      bool direct = std::any_of(s.aliases.begin(), s.aliases.end(), [&](const alias_use& a) {
        return !a.via_pgbouncer && a.target == server.name;
      });
      if (!direct) continue;
      knob k = knob_of(s);
      const count& current = s.*(k.field);
      if (!current.value) continue;
      if (!calc) calc.emplace(d, server.name, demands, bouncers);
      // Demand never falls as a knob grows, so the largest value that fits is found by bisection.
      auto fits = [&](long long v) {
        service_input trial = s;
        (trial.*(k.field)).value = v;
        // `trial` outlives the demand, whose aliases point into it.
        part demand = calc->with(i, demand_of(trial));
        return demand.known && demand.value <= budget;
      };
      long long lo = 0, hi = std::max(*current.value * 4, 1024LL);
      if (fits(hi)) continue;  // no realistic value of this knob is a problem
      while (lo < hi) {
        long long mid = lo + (hi - lo + 1) / 2;
        if (fits(mid)) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      suggestion sg{s.name, k.name, *current.value, lo, {}};
      double percent = std::find_if(d.servers.begin(), d.servers.end(), [&](const auto& x) {
                         return x.name == server.name;
                       })->warn_percent;
      if (lo == 0) {
        sg.message = fmt::format(
            "{}: no value of {} keeps {} within {:g}% of its {} usable slots; the "
            "other services already use {}",
            s.name, k.name, server.name, percent, server.usable,
            *server.demand > 0 ? "most of them" : "them");
      } else {
        sg.message =
            fmt::format("{}: at most {} {} fit within {:g}% of the {} usable slots of {} (now {})",
                        s.name, lo, k.name, percent, server.usable, server.name, *current.value);
      }
      out.push_back(std::move(sg));
    }
  }
  return out;
}

}  // namespace connplan::plan::detail
