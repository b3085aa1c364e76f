// CP201 conflicting-conn-max-age: an alias's CONN_MAX_AGE is assigned different values across the
// settings chain (base.py 600, production.py None, local.py 60). Python runs a star-imported module
// before the statements that follow the import, so the assignment executed last is the one Django
// sees (domain.md §2.7, §8 item 14); a reader of one file sees another value.
#include <fmt/format.h>

#include <algorithm>

#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

std::string shown(const django::conn_max_age_write& w) {
  return python_text(w.value);
}

std::string where(const django::conn_max_age_write& w) {
  if (auto at = location_of(w.value.origin)) return fmt::format("{}:{}", at->file, at->begin.line);
  return "Django's default";
}

// What one assignment did, for its related location.
std::string describe(const django::conn_max_age_write& w, const std::string& alias,
                     bool before_winner) {
  std::string what;
  if (w.how == "reset") {
    what = fmt::format(
        "DATABASES['{}'] is replaced by a dict without CONN_MAX_AGE: back to "
        "Django's default 0",
        alias);
  } else if (w.how == "delete") {
    what = "CONN_MAX_AGE is deleted: back to Django's default 0";
  } else {
    what = fmt::format("CONN_MAX_AGE = {}", shown(w));
  }
  if (w.conditional) what += " (inside a branch whose condition is not known)";
  what += before_winner ? ", overridden later" : ", may win instead";
  return what;
}

}  // namespace

void check_cp201(const rule_context& ctx, std::vector<finding>& out) {
  for (const django::settings_model* m : settings_models(ctx)) {
    for (const auto& alias : m->databases) {
      const auto& history = alias.conn_max_age_history;
      if (history.size() < 2) continue;
      // Overrides on one execution path: assignments inside a branch whose condition is unknown
      // are alternatives (one environment or another), not overrides, and an unknown value is
      // CP002's; both are still listed below when another pair conflicts.
      std::vector<std::string> values;
      for (const auto& w : history) {
        if (w.conditional || w.value.status == value_status::unknown) continue;
        if (std::find(values.begin(), values.end(), shown(w)) == values.end())
          values.push_back(shown(w));
      }
      if (values.size() < 2) continue;  // every assignment agrees

      auto winner = std::find_if(history.begin(), history.end(),
                                 [](const django::conn_max_age_write& w) { return w.effective; });
      const value_entry* final_value = alias.find("CONN_MAX_AGE");
      const std::string effective = winner != history.end()  ? shown(*winner)
                                    : final_value != nullptr ? python_text(*final_value)
                                                             : std::string("0");
      std::optional<source_location> at = winner != history.end()
                                              ? location_of(winner->value.origin)
                                              : key_anchor(alias, "CONN_MAX_AGE");
      auto f = make_finding(
          "CP201",
          fmt::format("CONN_MAX_AGE of alias '{}' is assigned {} different values in turn ({}); "
                      "Django uses {}",
                      alias.name, values.size(), fmt::join(values, ", "), effective),
          at, fmt::format("DATABASES.{}.CONN_MAX_AGE", alias.name));
      const std::ptrdiff_t won = winner - history.begin();
      std::vector<std::string> order;
      for (std::ptrdiff_t i = 0; i < static_cast<std::ptrdiff_t>(history.size()); ++i) {
        const auto& w = history[static_cast<std::size_t>(i)];
        order.push_back(where(w));
        if (i == won) continue;
        f.related.push_back({location_of(w.value.origin),
                             describe(w, alias.name, winner == history.end() || i < won)});
      }
      if (winner != history.end()) {
        f.notes.push_back(fmt::format(
            "the assignments run in the order {}: a module's `from … import *` runs the imported "
            "module first, so the last one executed ({}) is the value Django uses",
            fmt::join(order, ", "), where(*winner)));
      } else {
        f.notes.push_back(fmt::format(
            "the assignments run in the order {}; branches whose condition is not known decide "
            "which one Django uses",
            fmt::join(order, ", ")));
      }
      f.notes.push_back(
          "keep one assignment of CONN_MAX_AGE per alias, in the module that should decide it");
      add_once(out, std::move(f));
    }
  }
}

}  // namespace connplan::rules
