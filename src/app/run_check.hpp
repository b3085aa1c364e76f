// What `check` and `report` share: load the project, plan it, run the rules, select findings,
// apply inline suppressions and the baseline.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "connplan/plan.hpp"
#include "connplan/project_model.hpp"
#include "engine/baseline.hpp"
#include "engine/selection.hpp"

namespace connplan {

// Reads an environment variable (nullopt when unset); tests replace it.
using environment_lookup = std::function<std::optional<std::string>(const std::string& name)>;
[[nodiscard]] environment_lookup process_environment();

struct check_request {
  run_options options;
  // From the command line; each replaces CONNPLAN_SELECT / CONNPLAN_IGNORE /
  // CONNPLAN_EXTEND_SELECT, which replace connplan.toml's list (CONTRACTS §8: command line >
  // CONNPLAN_* environment > files; a list replaces, as ruff's do).
  std::optional<std::vector<std::string>> select, ignore, extend_select;
  environment_lookup environment = process_environment();
  // --baseline FILE, already read: only findings it does not absorb are reported.
  std::optional<engine::baseline> baseline;
};

struct check_outcome {
  project_model model;
  plan::result plan;
  std::vector<finding> findings;  // selected, severities applied, suppressions and baseline
                                  // removed, canonical order
  // The same before the baseline is subtracted: what --write-baseline writes.
  std::vector<finding> findings_before_baseline;
  engine::summary summary;         // counts of `findings`, plus suppressed and baselined
  int stale_baseline_entries = 0;  // baseline entries that absorbed nothing
};

// The findings a run reports (CONTRACTS §8: command line > CONNPLAN_* environment > connplan.toml
// [rules]); `check`, `report` and `observe` share it. Throws connplan::error for a bad selector.
[[nodiscard]] engine::selection selection_for(const check_request& r, const project_config& c);

// Throws connplan::error for exit-2 conditions (an unreadable config file, a bad selector).
[[nodiscard]] check_outcome run_check(const check_request& request);

}  // namespace connplan
