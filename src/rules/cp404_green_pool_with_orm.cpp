// CP404 green-pool-with-orm: a Celery worker running the gevent or eventlet pool for a Django
// project. Django keeps one connection per thread, and under gevent/eventlet every green thread is
// a thread (asgiref Local → greenlet-local after monkey patching), so `-P gevent -c 500` can open
// up to 500 connections per worker node and alias (domain.md §3.1, §8 item 30). Celery's own docs
// warn against choosing these pools with `worker_pool` rather than `-P` (configuration.rst
// `worker_pool` @ v5.5.3; domain.md §8 item 33).
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp404(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& service : ctx.model->services) {
    const plan::service_input& in = service.input;
    if (in.kind != plan::service_kind::celery_worker || in.model != plan::concurrency_model::green)
      continue;
    std::vector<std::string> orm_aliases;  // Django aliases, not the result backend's engine
    for (const auto& a : in.aliases) {
      if (!a.fixed_per_process && a.alias != "result backend") orm_aliases.push_back(a.alias);
    }
    if (orm_aliases.empty()) continue;  // no ORM: green threads open no Django connections

    const value_entry* pool = service.celery ? &service.celery->worker_pool : nullptr;
    std::optional<source_location> at = pool ? first_location({pool->origin}) : std::nullopt;
    if (!at) at = first_location(in.sources);
    const std::string n = in.concurrency.value ? std::to_string(*in.concurrency.value) : "N";
    auto f = make_finding(
        "CP404",
        fmt::format("celery service {} runs the {} pool with the Django ORM: each of its {} green "
                    "threads opens its own connection per alias",
                    in.name, in.model_label, n),
        at, "worker_pool");
    f.service = in.name;
    if (in.concurrency.value) {
      f.notes.push_back(fmt::format(
          "{} green threads × {} alias{} = {} connections per worker "
          "node",
          *in.concurrency.value, orm_aliases.size(), orm_aliases.size() == 1 ? "" : "es",
          *in.concurrency.value * static_cast<long long>(orm_aliases.size())));
    }
    if (auto c = first_location(in.concurrency.sources)) {
      f.related.push_back({c, fmt::format("the concurrency: {} green threads", n)});
    }
    if (pool != nullptr && pool->origin.kind == source_kind::file) {
      f.notes.push_back(
          "Celery's docs: choose gevent/eventlet with -P on the command line, not worker_pool, "
          "so the monkey patches are applied early enough");
    }
    f.notes.push_back(
        "for ORM-heavy tasks use the prefork or threads pool with a small concurrency, or put a "
        "PgBouncer in transaction mode in front of PostgreSQL");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
