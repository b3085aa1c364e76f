// connplan.toml (or `[tool.connplan]` in pyproject.toml): what the files alone can't say about a
// deployment (CONTRACTS.md §8). Every value remembers its line in the file.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/source.hpp"

namespace connplan {

struct toml_string {
  std::string value;
  connplan::source origin;  // source::toml with the line, or default
};
struct toml_int {
  long long value = 0;
  connplan::source origin;
};

struct postgres_decl {
  toml_string name{"postgres", {}};
  std::optional<toml_string> config;  // postgresql.conf path, relative to the root
  std::optional<toml_int> max_connections;
  std::optional<toml_string> version;
  std::optional<toml_string> memory;  // PostgreSQL units, e.g. "16GB"
  std::optional<toml_string> launch;
  std::optional<toml_string> standby_of;
  source_location declared_at;
};

struct pgbouncer_decl {
  std::optional<toml_string> name;
  std::optional<toml_string> config;
  std::optional<toml_string> version;
  std::optional<toml_string> server;  // default: the first server
  toml_int instances{1, {}};
  std::optional<toml_string> workdir;
  source_location declared_at;
};

struct service_match {
  std::optional<toml_string> application_name, usename, datname, client_addr;
};

struct service_decl {
  std::optional<toml_string> name;
  std::optional<toml_string>
      kind;  // gunicorn, uvicorn, daphne, celery-worker, celery-beat, command
  std::optional<toml_string> config;
  std::optional<toml_string> command;
  toml_int replicas{1, {}};
  std::optional<toml_string> via;
  std::map<std::string, toml_string> routes;  // alias → server or pgbouncer name
  std::optional<toml_string> settings;
  std::map<std::string, toml_string> env;
  std::optional<toml_int> cpus;
  std::optional<toml_string> version;
  service_match match;
  source_location declared_at;
};

struct rules_decl {
  std::vector<toml_string> select, ignore, extend_select;
  std::map<std::string, toml_string> severity;                       // code → level
  std::map<std::string, std::vector<toml_string>> per_file_ignores;  // glob → codes
};

struct project_config {
  std::optional<std::filesystem::path> file;  // absolute path of the file in use; nullopt: none
  std::string display;                        // its display path ("connplan.toml")
  std::vector<toml_string> python_path;       // default ["."]
  std::vector<toml_string> exclude;
  std::vector<toml_string> launch_files;    // [launch] files: globs relative to the root
  std::vector<toml_string> launch_exclude;  // [launch] exclude: globs never read as launch files
  std::map<std::string, toml_string> env;
  std::vector<postgres_decl> servers;
  std::vector<pgbouncer_decl> pgbouncers;
  std::optional<toml_string> django_settings;  // file
  std::optional<toml_string> django_module;    // dotted
  std::optional<toml_string> django_version;
  std::vector<service_decl> services;
  std::optional<toml_int> host_cpus;
  toml_int operations{0, {}};
  toml_int warn_percent{80, {}};
  rules_decl rules;
  std::vector<finding> findings;  // CP001 (syntax), CP009 (unknown key), CP002-like type errors
};

// Parses connplan.toml text. `display` is the path shown in locations. With `pyproject`, only the
// `[tool.connplan]` table is read. Never throws for bad input.
[[nodiscard]] project_config parse_project_config(std::string_view text, std::string_view display,
                                                  bool pyproject = false);

}  // namespace connplan
