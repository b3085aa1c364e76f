// What `check` and `report` share: load the project, plan it, run the rules, select findings.
#pragma once

#include <string>
#include <vector>

#include "connplan/plan.hpp"
#include "connplan/project_model.hpp"
#include "engine/selection.hpp"

namespace connplan {

struct check_request {
  run_options options;
  // From the command line; each replaces connplan.toml's list when given (as ruff does).
  std::optional<std::vector<std::string>> select, ignore, extend_select;
};

struct check_outcome {
  project_model model;
  plan::result plan;
  std::vector<finding> findings;  // selected, severities applied, canonical order
  engine::summary summary;
};

// Throws connplan::error for exit-2 conditions (an unreadable config file, a bad selector).
[[nodiscard]] check_outcome run_check(const check_request& request);

}  // namespace connplan
