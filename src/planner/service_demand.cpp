#include "planner/service_demand.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace connplan::plan::detail {

amount operator+(const amount& a, const amount& b) {
  if (a.known() && b.known()) return amount::of(*a.value + *b.value);
  // Unbounded wins over unknown: "no bound" is the stronger, and surer, statement.
  if (a.unbounded) return a;
  if (b.unbounded) return b;
  return a.known() ? b : a;
}

amount operator*(const amount& a, const amount& b) {
  // Anything times a known 0 is 0: zero replicas of an unbounded service open nothing.
  if ((a.known() && *a.value == 0) || (b.known() && *b.value == 0)) return amount::of(0);
  if (a.known() && b.known()) return amount::of(*a.value * *b.value);
  return a + b;  // the unknown or unbounded operand, with its reason
}

amount from(const count& c) {
  if (c.value) return amount::of(*c.value);
  return amount{std::nullopt, c.unbounded, c.reason};
}

std::string show(const amount& a) {
  if (a.value) return std::to_string(*a.value);
  return a.unbounded ? "unbounded" : "unknown";
}

namespace {

std::string plural(long long n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string show_count(const amount& a, std::string_view one, std::string_view many) {
  if (a.value) return plural(*a.value, one, many);
  return fmt::format("{} {}", show(a), many);
}

struct noun {
  std::string_view one, many;
};

noun process_noun(const service_input& s) {
  switch (s.kind) {
    case service_kind::gunicorn:
    case service_kind::uvicorn:
      return {"worker", "workers"};
    case service_kind::celery_worker:
      if (s.model_label == "prefork") return {"child", "children"};
      return {"process", "processes"};
    default:
      return {"process", "processes"};
  }
}

bool any_persistent(const service_input& s, persistence p) {
  return std::any_of(s.aliases.begin(), s.aliases.end(), [&](const alias_use& a) {
    return !a.fixed_per_process && !a.pool_max && a.persistence == p;
  });
}

// C, the requests or tasks one process runs at once (domain.md §7.1–§7.3).
amount concurrency_of(const service_input& s, std::string& label) {
  switch (s.model) {
    case concurrency_model::one:
      label = fmt::format("1 at a time ({})", s.model_label.empty() ? "sync" : s.model_label);
      return amount::of(1);
    case concurrency_model::threads: {
      amount c = from(s.concurrency);
      label = fmt::format("{} ({})", show_count(c, "thread", "threads"), s.model_label);
      return c;
    }
    case concurrency_model::green: {
      amount c = from(s.concurrency);
      label = fmt::format("{} ({})", show_count(c, "greenlet", "greenlets"), s.model_label);
      // Django keeps one connection per greenlet, and with CONN_MAX_AGE != 0 never closes the
      // greenlet-local ones: they pile up per HTTP connection, not per greenlet slot (measured with
      // gunicorn 20.1 + Django 3.2: 2 workers x 25 held 100, then 291; CONTRACTS §7).
      if (any_persistent(s, persistence::persistent)) {
        return amount{
            std::nullopt, true,
            fmt::format("{} with persistent connections (CONN_MAX_AGE != 0): greenlet-local "
                        "connections are never closed and pile up",
                        s.model_label)};
      }
      if (any_persistent(s, persistence::unknown)) {
        return amount{std::nullopt, false,
                      fmt::format("{} workers are bounded only when CONN_MAX_AGE is 0, and "
                                  "CONN_MAX_AGE is unknown",
                                  s.model_label)};
      }
      return c;
    }
    case concurrency_model::asgi: {
      if (!s.django_per_request_threads) {
        // Django 3.2 runs every sync view on one shared thread per process (measured: 1).
        label = fmt::format("1 thread ({}, Django < 4.0)", s.model_label);
        return amount::of(1);
      }
      amount c = from(s.concurrency);
      if (!c.known() && !c.unbounded && c.reason.empty()) {
        c = amount{
            std::nullopt, true,
            fmt::format("{} has no concurrency cap and Django >= 4.0 runs each request's sync "
                        "code in its own thread, holding its own connection",
                        s.model_label)};
      }
      label = fmt::format("{} ({})", show_count(c, "request", "requests"), s.model_label);
      return c;
    }
  }
  return amount::of(1);
}

}  // namespace

service_demand demand_of(const service_input& s) {
  service_demand d;
  std::string c_label;
  d.concurrency = concurrency_of(s, c_label);
  d.replicas = from(s.replicas);
  d.processes = from(s.processes);

  for (const auto& a : s.aliases) {
    alias_demand ad;
    ad.use = &a;
    if (a.fixed_per_process) {
      ad.per_process = amount::of(*a.fixed_per_process);
      ad.steady_per_process = ad.per_process;
      ad.description = fmt::format("{} ({})", *a.fixed_per_process, a.alias);
    } else if (a.pool_max) {
      // Native pool, per process per alias: max(min_size, min(C, max_size)) (domain.md §7.1.3);
      // opened to min_size at first use.
      long long lo = a.pool_min.value_or(*a.pool_max);
      long long conns = d.concurrency.known()
                            ? std::max(lo, std::min(*d.concurrency.value, *a.pool_max))
                            : *a.pool_max;
      ad.per_process = amount::of(conns);
      ad.steady_per_process = amount::of(lo);
      ad.description = fmt::format("pool {}..{} ({})", lo, *a.pool_max, a.alias);
    } else {
      ad.per_process = d.concurrency;
      // With CONN_MAX_AGE = 0 connections close at the end of each request or task; else every
      // thread that served one keeps its connection (domain.md §2.2). Celery >= 5.6 closes around
      // every task whatever CONN_MAX_AGE says (domain.md §3.2).
      bool closes = a.persistence == persistence::closes || s.closes_per_task;
      ad.steady_per_process = closes ? amount::of(0) : d.concurrency;
      ad.description = c_label;
    }
    d.aliases.push_back(std::move(ad));
  }

  // Group by target so the server and the PgBouncer each see only their own connections.
  for (const auto& ad : d.aliases) {
    auto it = std::find_if(d.targets.begin(), d.targets.end(),
                           [&](const auto& t) { return t.target == ad.use->target; });
    if (it == d.targets.end()) {
      d.targets.push_back(
          {ad.use->target, ad.use->via_pgbouncer, amount::of(0), amount::of(0), amount::of(0)});
      it = std::prev(d.targets.end());
    }
    it->per_replica = it->per_replica + d.processes * ad.per_process;
    it->steady = it->steady + d.processes * ad.steady_per_process;
  }
  d.per_replica = amount::of(0);
  d.steady = amount::of(0);
  for (auto& t : d.targets) {
    t.total = d.replicas * t.per_replica;
    t.steady = d.replicas * t.steady;
    d.per_replica = d.per_replica + t.per_replica;
    d.steady = d.steady + t.steady;
  }
  d.total = d.replicas * d.per_replica;

  // "web: 2 replicas × 4 workers × 8 threads (gthread) × 2 aliases = 128"
  std::string per_process;
  bool uniform =
      !d.aliases.empty() && std::all_of(d.aliases.begin(), d.aliases.end(), [&](const auto& a) {
        return a.description == d.aliases.front().description;
      });
  if (d.aliases.empty()) {
    per_process = "0 aliases";
  } else if (uniform) {
    per_process = fmt::format("{} × {}", d.aliases.front().description,
                              plural(static_cast<long long>(d.aliases.size()), "alias", "aliases"));
  } else {
    std::vector<std::string> parts;
    for (const auto& a : d.aliases) parts.push_back(a.description);
    per_process = fmt::format("({})", fmt::join(parts, " + "));
  }
  const noun processes = process_noun(s);
  d.formula = fmt::format(
      "{}: {} × {} × {} = {}", s.name, show_count(d.replicas, "replica", "replicas"),
      show_count(d.processes, processes.one, processes.many), per_process, show(d.total));
  return d;
}

}  // namespace connplan::plan::detail
