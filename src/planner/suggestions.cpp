#include "planner/suggestions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace connplan::plan::detail {
namespace {

// The knob users turn for each kind of service.
struct knob {
  std::string name;
  count service_input::*field;
};

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

std::optional<long long> demand_on(const deployment& d, const std::string& server,
                                   result (*core)(const deployment&)) {
  result r = core(d);
  for (const auto& s : r.servers) {
    if (s.name == server) return s.demand;
  }
  return std::nullopt;
}

}  // namespace

result compute_without_suggestions(const deployment& d);

std::vector<suggestion> suggest(const deployment& d, const result& r) {
  std::vector<suggestion> out;
  for (const auto& server : r.servers) {
    if (!server.demand || server.usable <= 0) continue;
    const auto budget = static_cast<long long>(
        std::floor(static_cast<double>(server.usable) *
                   std::find_if(d.servers.begin(), d.servers.end(),
                                [&](const auto& s) { return s.name == server.name; })
                       ->warn_percent /
                   100.0));
    for (std::size_t i = 0; i < d.services.size(); ++i) {
      const service_input& s = d.services[i];
      bool direct = std::any_of(s.aliases.begin(), s.aliases.end(), [&](const alias_use& a) {
        return !a.via_pgbouncer && a.target == server.name;
      });
      if (!direct) continue;
      knob k = knob_of(s);
      const count& current = s.*(k.field);
      if (!current.value) continue;
      // Demand never falls as a knob grows, so the largest value that fits is found by bisection.
      auto fits = [&](long long v) {
        deployment trial = d;
        (trial.services[i].*(k.field)).value = v;
        auto demand = demand_on(trial, server.name, &compute_without_suggestions);
        return demand && *demand <= budget;
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
