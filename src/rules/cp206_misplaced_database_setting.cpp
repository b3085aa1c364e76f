// CP206 misplaced-database-setting: a per-alias DATABASES key (CONN_MAX_AGE, CONN_HEALTH_CHECKS,
// DISABLE_SERVER_SIDE_CURSORS, ATOMIC_REQUESTS, AUTOCOMMIT) assigned at module level. Django
// reads these only from each alias's dict (django/db/utils.py `configure_settings`;
// docs/ref/settings.txt lists them under DATABASES), so the module-level name is an unused setting
// and the alias keeps its own value (domain.md §8 item 15).
#include <fmt/format.h>

#include <array>

#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

// Keys that are only ever per alias. ENGINE, NAME, USER, HOST, PORT, OPTIONS and TEST are left
// out: upper-case helpers with those names are common and harmless, and TIME_ZONE is also a
// global setting.
constexpr std::array<std::string_view, 5> per_alias_keys{"ATOMIC_REQUESTS", "AUTOCOMMIT",
                                                         "CONN_MAX_AGE", "CONN_HEALTH_CHECKS",
                                                         "DISABLE_SERVER_SIDE_CURSORS"};

bool same(const value_entry& a, const value_entry& b) {
  return a.origin == b.origin && a.status == b.status && a.value == b.value && a.expr == b.expr;
}

// `CONN_MAX_AGE = env.int(...)` then `"CONN_MAX_AGE": CONN_MAX_AGE`: a helper variable whose value
// reached an alias (the alias's value has the helper's source) is not misplaced.
bool used_by_an_alias(const django::settings_model& m, std::string_view key,
                      const value_entry& module_value) {
  for (const auto& alias : m.databases) {
    if (const value_entry* e = alias.find(key); e != nullptr && same(*e, module_value)) return true;
  }
  return false;
}

}  // namespace

void check_cp206(const rule_context& ctx, std::vector<finding>& out) {
  for (const django::settings_model* m : settings_models(ctx)) {
    for (std::string_view key : per_alias_keys) {
      auto it = m->settings.find(std::string(key));
      if (it == m->settings.end()) continue;
      const value_entry& v = it->second;
      if (v.origin.kind != source_kind::file || used_by_an_alias(*m, key, v)) continue;
      auto f = make_finding(
          "CP206",
          fmt::format("{} = {} at module level is ignored: Django reads {} only inside each "
                      "DATABASES alias",
                      key, python_text(v), key),
          location_of(v.origin), std::string(key));
      for (const auto& alias : m->databases) {
        const value_entry* e = alias.find(key);
        if (e == nullptr) {
          f.notes.push_back(fmt::format("DATABASES['{}'] has no {}", alias.name, key));
          continue;
        }
        const std::string effect =
            fmt::format("DATABASES['{}']['{}'] is {}{}", alias.name, key, python_text(*e),
                        e->origin.kind == source_kind::default_value ? " (Django's default)" : "");
        if (auto at = location_of(e->origin)) {
          f.related.push_back({at, effect});
        } else {
          f.notes.push_back(effect);
        }
      }
      f.notes.push_back(fmt::format(
          "move it into the alias: DATABASES['default']['{}'] = {} (and into every other alias "
          "that should have it)",
          key, python_text(v)));
      add_once(out, std::move(f));
    }
  }
}

}  // namespace connplan::rules
