// CP202 persistent-connections-under-asgi: a service runs Django under ASGI (daphne, uvicorn, or
// gunicorn with a Uvicorn worker class) and an alias keeps its connections (CONN_MAX_AGE ≠ 0 or
// None). Django's docs: "When using ASGI, persistent connections should be disabled. Instead, use
// your database backend's built-in connection pooling if available" (docs/ref/databases.txt,
// docs/topics/async.txt @ main; domain.md §2.4, §8 item 22).
#include <fmt/format.h>

#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

// Where the service says it runs under ASGI: the gunicorn worker class, else its connplan.toml
// declaration.
std::optional<related_location> asgi_anchor(const loaded_service& s) {
  if (s.gunicorn) {
    if (auto at = location_of(s.gunicorn->worker_class_effective.origin))
      return related_location{at, fmt::format("{} runs {}", s.input.name, s.input.model_label)};
  }
  if (auto at = first_location(s.input.sources))
    return related_location{
        at, fmt::format("{} is a {} service", s.input.name, plan::to_string(s.input.kind))};
  return std::nullopt;
}

}  // namespace

void check_cp202(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& s : ctx.model->services) {
    if (s.input.model != plan::concurrency_model::asgi || !s.django) continue;
    for (const auto& use : s.input.aliases) {
      const django::database_alias* alias = s.django->alias(use.alias);
      if (alias == nullptr) continue;  // the result backend: not Django's
      const value_entry* age = alias->find("CONN_MAX_AGE");
      if (persistence_of(age) != persistence::persistent) continue;
      // Django's pool refuses persistent connections outright: CP203 (an error) reports it.
      if (alias->pool) continue;
      auto f = make_finding(
          "CP202",
          fmt::format("{} runs Django under ASGI ({}) with persistent connections: CONN_MAX_AGE of "
                      "alias '{}' is {}",
                      s.input.name, s.input.model_label, alias->name, python_text(*age)),
          key_anchor(*alias, "CONN_MAX_AGE"),
          fmt::format("{}:DATABASES.{}.CONN_MAX_AGE", s.input.name, alias->name));
      f.service = s.input.name;
      if (auto r = asgi_anchor(s)) f.related.push_back(*r);
      f.notes.push_back(
          "Django's docs: \"When using ASGI, persistent connections should be disabled\"");
      if (s.input.django_per_request_threads) {
        f.notes.push_back(
            "Django >= 4.0 runs each request's sync code in a thread of its own, so a kept "
            "connection is neither reused nor closed by Django");
      }
      f.notes.push_back(fmt::format(
          "set CONN_MAX_AGE = 0 for this service{}, or put a PgBouncer in between",
          version_at_least(s.django->version, 5, 1) ? " and use Django's pool (OPTIONS['pool'])"
                                                    : ""));
      add_once(out, std::move(f));
    }
  }
}

}  // namespace connplan::rules
