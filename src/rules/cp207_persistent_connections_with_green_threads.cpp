// CP207 persistent-connections-with-green-threads: a gevent or eventlet service (gunicorn worker
// class or Celery pool) whose Django alias keeps its connections (CONN_MAX_AGE ≠ 0 or None).
// After monkey patching, Django's per-thread connections are per greenlet (domain.md §2.1), and a
// greenlet-local connection is never closed when CONN_MAX_AGE ≠ 0: measured, 2 gevent workers ×
// 25 worker_connections with CONN_MAX_AGE = None reached 100 connections, and 291 with clients
// without keep-alive (tool-behaviour.md "Connections measured on a running stack"; CONTRACTS §7).
// CP105 reports the server's unbounded demand; this is the cause, once per (service, alias).
#include <fmt/format.h>

#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

// Where the service chooses its green threads: the gunicorn worker class or the Celery pool.
std::optional<related_location> green_anchor(const loaded_service& s) {
  const value_entry* chosen = nullptr;
  if (s.gunicorn) chosen = &s.gunicorn->worker_class_effective;
  if (s.celery) chosen = &s.celery->worker_pool;
  if (chosen != nullptr) {
    if (auto at = location_of(chosen->origin)) {
      return related_location{at,
                              fmt::format("{} runs the {} {}", s.input.name, s.input.model_label,
                                          s.gunicorn ? "worker class" : "pool")};
    }
  }
  if (auto at = first_location(s.input.sources))
    return related_location{at, fmt::format("{} runs {}", s.input.name, s.input.model_label)};
  return std::nullopt;
}

}  // namespace

void check_cp207(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& s : ctx.model->services) {
    if (s.input.model != plan::concurrency_model::green || !s.django) continue;
    // Celery >= 5.6 closes Django's connections around every task (domain.md §3.2).
    if (s.input.closes_per_task) continue;
    for (const auto& use : s.input.aliases) {
      const django::database_alias* alias = s.django->alias(use.alias);
      if (alias == nullptr) continue;
      const value_entry* age = alias->find("CONN_MAX_AGE");
      if (persistence_of(age) != persistence::persistent) continue;
      if (alias->pool) continue;  // Django's pool refuses CONN_MAX_AGE ≠ 0: CP203
      auto f = make_finding(
          "CP207",
          fmt::format("{} runs {} green threads with CONN_MAX_AGE = {} for alias '{}': each "
                      "greenlet keeps its own connection, and they pile up without bound",
                      s.input.name, s.input.model_label, python_text(*age), alias->name),
          key_anchor(*alias, "CONN_MAX_AGE"),
          fmt::format("{}:DATABASES.{}.CONN_MAX_AGE", s.input.name, alias->name));
      f.service = s.input.name;
      if (auto r = green_anchor(s)) f.related.push_back(*r);
      if (s.gunicorn) {
        f.notes.push_back(
            "measured: 2 gevent workers × 25 worker_connections with CONN_MAX_AGE = None held 100 "
            "connections, and 291 when clients did not keep their HTTP connections alive");
      }
      f.notes.push_back(fmt::format(
          "set CONN_MAX_AGE = 0 (then each process opens at most its {} connections), or put a "
          "PgBouncer in between",
          s.gunicorn ? "worker_connections" : "concurrency"));
      add_once(out, std::move(f));
    }
  }
}

}  // namespace connplan::rules
