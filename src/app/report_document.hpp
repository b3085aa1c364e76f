// The `check` and `report` JSON documents (CONTRACTS §6).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/finding.hpp"
#include "connplan/paths.hpp"
#include "connplan/plan.hpp"
#include "engine/selection.hpp"

namespace connplan {

// An assumption the run made where the files said nothing (CONTRACTS §6 "assumptions").
struct assumption {
  std::string name;    // "replicas of web", "cpus", "max_connections of postgres"
  std::string value;   // "1", "8", "100 (PostgreSQL's default)"
  std::string origin;  // "default", "--assume cpus=8", "connplan.toml:3"
  std::vector<std::string> used_by;
};

[[nodiscard]] nlohmann::json check_document(const std::vector<finding>& findings,
                                            const engine::summary& summary,
                                            const project_root& root);

[[nodiscard]] nlohmann::json report_document(const plan::result& plan,
                                             const std::vector<assumption>& assumptions,
                                             const std::vector<finding>& findings,
                                             const engine::summary& summary,
                                             const project_root& root);

}  // namespace connplan
