// The `check` and `report` JSON documents (CONTRACTS §6).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/finding.hpp"
#include "connplan/paths.hpp"
#include "connplan/plan.hpp"
#include "connplan/project_model.hpp"
#include "engine/selection.hpp"

namespace connplan {

[[nodiscard]] nlohmann::json check_document(const std::vector<finding>& findings,
                                            const engine::summary& summary,
                                            const project_root& root);

[[nodiscard]] nlohmann::json report_document(const plan::result& plan,
                                             const std::vector<assumption>& assumptions,
                                             const std::vector<finding>& findings,
                                             const engine::summary& summary,
                                             const project_root& root);

}  // namespace connplan
