// CP203 pool-with-persistent-connections: an alias enables Django's native pool (OPTIONS["pool"],
// Django ≥ 5.1) and keeps CONN_MAX_AGE ≠ 0 or None. The PostgreSQL backend's `pool` property
// raises ImproperlyConfigured("Pooling doesn't support persistent connections.") when
// `settings_dict.get("CONN_MAX_AGE", 0) != 0`, for a number and for None alike, on the first
// connection of that alias (django/db/backends/postgresql/base.py @ 5.1; domain.md §2.5, §8 item
// 18). The model holds `pool` only for versions that have it.
#include <fmt/format.h>

#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

// Is the pool switched on: True or a dict of pool arguments (psycopg_pool); an unknown value is
// CP002's, a false one does nothing.
bool pool_enabled(const django::pool_settings& p) {
  auto on = [](const nlohmann::json& v) {
    return (v.is_boolean() && v.get<bool>()) || (v.is_object() && !v.empty()) ||
           (v.is_number() && v.get<double>() != 0);
  };
  if (p.enabled.status == value_status::unknown) return false;
  if (p.enabled.status == value_status::alternatives) {
    for (const auto& a : p.enabled.alternatives) {
      if (on(a)) return true;
    }
    return false;
  }
  return on(p.enabled.value);
}

}  // namespace

void check_cp203(const rule_context& ctx, std::vector<finding>& out) {
  for (const django::settings_model* m : settings_models(ctx)) {
    for (const auto& alias : m->databases) {
      if (!alias.pool || !pool_enabled(*alias.pool)) continue;
      const value_entry* age = alias.find("CONN_MAX_AGE");
      if (persistence_of(age) != persistence::persistent) continue;
      auto f = make_finding(
          "CP203",
          fmt::format("alias '{}' uses Django's connection pool with CONN_MAX_AGE = {}: its first "
                      "connection raises ImproperlyConfigured(\"Pooling doesn't support "
                      "persistent connections.\")",
                      alias.name, python_text(*age)),
          key_anchor(alias, "CONN_MAX_AGE"), fmt::format("DATABASES.{}.CONN_MAX_AGE", alias.name));
      f.related.push_back({location_of(alias.pool->enabled.origin),
                           fmt::format("OPTIONS['pool'] = {}", python_text(alias.pool->enabled))});
      f.notes.push_back(
          "Django raises it when the alias connects, not at startup or in `manage.py check`: every "
          "query through this alias fails");
      f.notes.push_back(
          "set CONN_MAX_AGE = 0: the pool keeps the connections, and Django returns them to it at "
          "the end of each request");
      add_once(out, std::move(f));
    }
  }
}

}  // namespace connplan::rules
