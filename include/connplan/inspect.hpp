// `connplan inspect`: the effective settings of one file, as its own program reads it
// (CONTRACTS.md §6 "inspect").
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/finding.hpp"
#include "connplan/paths.hpp"
#include "connplan/read_file.hpp"
#include "connplan/value.hpp"

namespace connplan {

struct shadowed_value {
  std::string name;
  nlohmann::json value;
  connplan::source origin;
};

struct inspected_file {
  std::string path;      // display path
  std::string kind;      // "postgresql", "pgbouncer", "django", "gunicorn", "celery"
  bool accepted = true;  // would the program's own configuration reader accept the file?
  bool complete = true;  // false when part of the file could not be parsed
  std::map<std::string, value_entry> settings;
  std::vector<shadowed_value> shadowed;
  std::vector<finding> diagnostics;
  // Kind-specific members of the §6 document ("databases", "users", "worker_class_effective",
  // ...), already in their JSON shape; merged into the file's object in key order.
  nlohmann::json extra = nlohmann::json::object();
};

struct inspect_options {
  project_root root;
  std::string pg_version;         // empty: newest in the catalogue
  std::string pgbouncer_version;  // empty: newest in the catalogue
  // Where pgbouncer's relative %include paths are resolved ([[pgbouncer]] workdir in connplan.toml;
  // pgbouncer itself uses its working directory). Empty: the directory of the ini file.
  std::filesystem::path pgbouncer_workdir;
  std::string django_version;    // empty: newest in the catalogue ("5.2")
  std::string gunicorn_version;  // empty: newest ("23.0")
  std::string celery_version;    // empty: newest ("5.6")
  // The environment Python configuration sees: --env NAME=VALUE over connplan.toml's tables
  // (CONTRACTS §8 precedence is applied by the caller; this is the merged result).
  std::map<std::string, std::string> env;
  std::optional<int> cpus;  // --assume cpus=N
  // Roots for dotted imports, absolute; empty: the project root.
  std::vector<std::filesystem::path> python_path;
  file_reader reader = default_file_reader();
  read_limits limits;
};

}  // namespace connplan
