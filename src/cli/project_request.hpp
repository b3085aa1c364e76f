// The request `check`, `report` and `observe` build from their common options: the project at
// PATH, its root, target versions, environment and rule selection.
#pragma once

#include <fmt/format.h>

#include <filesystem>

#include <CLI/CLI.hpp>

#include "app/run_check.hpp"
#include "cli/common_options.hpp"
#include "connplan/error.hpp"

namespace connplan::cli {

// `Args` has path, root, versions, environment, select, ignore and extend_select. A selection
// option replaces connplan.toml's list only when given (CONTRACTS §8), hence `sub.count`.
template <class Args>
[[nodiscard]] check_request project_request(const Args& args, const CLI::App& sub) {
  std::error_code ec;
  if (!std::filesystem::exists(args.path, ec))
    throw error(fmt::format("{}: does not exist", args.path));
  check_request r;
  r.options.base.root = resolve_root(args.root, args.path);
  apply_versions(args.versions, r.options.base);
  apply_environment(args.environment, r.options.base);
  if (!args.root.config.empty())
    r.options.config_file = std::filesystem::absolute(args.root.config);
  r.options.isolated = args.root.isolated;
  if (sub.count("--select") > 0) r.select = args.select;
  if (sub.count("--ignore") > 0) r.ignore = args.ignore;
  if (sub.count("--extend-select") > 0) r.extend_select = args.extend_select;
  return r;
}

}  // namespace connplan::cli
