// Small pieces shared by the parts of load_project.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connplan/launch_files.hpp"
#include "connplan/project_model.hpp"

namespace connplan::model_detail {

// Accumulates what load_project finds, so each part can add findings, assumptions and files.
struct builder {
  const run_options& options;
  project_model& model;
  // DJANGO_SETTINGS_MODULE as the entry points set it (module, "file:line"), found once for every
  // service: evaluating manage.py & co. again per service would only repeat the same answer.
  std::optional<std::optional<std::pair<std::string, std::string>>> entry_point_settings = {};

  // Every launch file read (issue 6), in path order.
  std::vector<launchfiles::launch_file> launch_files = {};

  void add_findings(const std::vector<finding>& found);
  void assume(std::string name, std::string value, std::string origin, std::string used_by);
  [[nodiscard]] std::filesystem::path absolute(const std::string& relative) const;
  [[nodiscard]] bool exists(const std::string& relative) const;
};

// A plan count from a value entry: known integers, unknown with the entry's reason.
[[nodiscard]] plan::count count_of(const value_entry& e, std::string_view what);

// A connplan.toml value's source.
[[nodiscard]] source toml_source(const toml_string& s);

// CONTRACTS §8: --env > [[service]] env > launch env > [env] > the code's default.
[[nodiscard]] std::map<std::string, std::string> merged_env(
    const run_options& options, const project_config& config, const service_decl* service,
    const std::map<std::string, std::string>* launch_env = nullptr);

}  // namespace connplan::model_detail
