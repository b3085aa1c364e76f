// CP208 health-checks-without-persistence: CONN_HEALTH_CHECKS = True with CONN_MAX_AGE = 0 does
// nothing. Django: "If set to True, existing persistent database connections will be health
// checked before they are reused" (docs/ref/settings.txt CONN_HEALTH_CHECKS, new in 4.1); with
// CONN_MAX_AGE = 0 no connection outlives its request, so none is reused (domain.md §2.3). With
// Django's pool the flag becomes the pool's `check` callback (django/db/backends/postgresql/
// base.py @ 5.1), so it does act there; before 4.1 the key is ignored altogether.
#include <fmt/format.h>

#include "rules/django_rules.hpp"

namespace connplan::rules {

using namespace django_support;

void check_cp208(const rule_context& ctx, std::vector<finding>& out) {
  for (const django::settings_model* m : settings_models(ctx)) {
    if (!version_at_least(m->version, 4, 1)) continue;
    for (const auto& alias : m->databases) {
      const value_entry* checks = alias.find("CONN_HEALTH_CHECKS");
      if (checks == nullptr || checks->status != value_status::known ||
          !checks->value.is_boolean() || !checks->value.get<bool>())
        continue;
      if (alias.pool) continue;
      const value_entry* age = alias.find("CONN_MAX_AGE");
      if (persistence_of(age) != persistence::closes) continue;
      auto f = make_finding(
          "CP208",
          fmt::format("CONN_HEALTH_CHECKS of alias '{}' has no effect: CONN_MAX_AGE = 0 closes "
                      "every connection at the end of its request, so none is reused",
                      alias.name),
          key_anchor(alias, "CONN_HEALTH_CHECKS"),
          fmt::format("DATABASES.{}.CONN_HEALTH_CHECKS", alias.name));
      const bool defaulted = age == nullptr || age->origin.kind == source_kind::default_value;
      f.related.push_back({key_anchor(alias, "CONN_MAX_AGE"),
                           defaulted ? "CONN_MAX_AGE = 0 (Django's default)"
                                     : fmt::format("CONN_MAX_AGE = {}", python_text(*age))});
      f.notes.push_back(
          "health checks apply only to persistent connections: remove CONN_HEALTH_CHECKS, or "
          "keep connections with CONN_MAX_AGE > 0");
      add_once(out, std::move(f));
    }
  }
}

}  // namespace connplan::rules
