// Options shared by several subcommands: target versions and the project root.
#pragma once

#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "connplan/inspect.hpp"
#include "connplan/paths.hpp"

namespace connplan::cli {

struct version_args {
  std::string pg_version;
  std::string pgbouncer_version;
  std::string django_version;
  std::string gunicorn_version;
  std::string celery_version;
};

// What Python configuration sees: --env NAME=VALUE (repeatable) and --assume cpus=N.
// Also the reading limit, which every command that reads files takes along with these:
// --max-file-size SIZE (CONNPLAN_MAX_FILE_SIZE; default 64 MiB, CONTRACTS §11 CP006).
struct environment_args {
  std::vector<std::string> env;
  std::vector<std::string> assume;
  std::string max_file_size;
};

struct root_args {
  std::string config;  // --config FILE: the connplan.toml in use; its directory is the root
  bool isolated = false;
  bool allow_outside_root = false;
};

void add_version_options(CLI::App& sub, version_args& args);
void add_root_options(CLI::App& sub, root_args& args);
void add_environment_options(CLI::App& sub, environment_args& args);
// --select, --ignore, --extend-select: rule codes or prefixes, comma-separated or repeated.
void add_selection_options(CLI::App& sub, std::vector<std::string>& select,
                           std::vector<std::string>& ignore,
                           std::vector<std::string>& extend_select);

// Throws connplan::error (exit 2) for `--env` without '=', an unknown or malformed `--assume` or a
// malformed `--max-file-size`.
void apply_environment(const environment_args& args, inspect_options& options);

// Throws connplan::error (exit 2) for a version outside the catalogues (CONTRACTS §3).
void apply_versions(const version_args& args, inspect_options& options);

// CONTRACTS §1: --config names the root's file; --isolated ignores configuration files, leaving
// the git top level or `start`.
[[nodiscard]] project_root resolve_root(const root_args& args, const std::filesystem::path& start);

}  // namespace connplan::cli
