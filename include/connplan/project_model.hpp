// A whole deployment as connplan understands it: connplan.toml (or discovery), every file read by
// its front end, and the planner's input built from them (issue 4, "The deployment").
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connplan/celery.hpp"
#include "connplan/django.hpp"
#include "connplan/finding.hpp"
#include "connplan/gunicorn.hpp"
#include "connplan/inspect.hpp"
#include "connplan/pgbouncer.hpp"
#include "connplan/plan.hpp"
#include "connplan/postgres.hpp"
#include "connplan/project.hpp"

namespace connplan {

// An assumption the run made where the files said nothing (CONTRACTS §6 "assumptions").
struct assumption {
  std::string name;    // "replicas of web", "cpus of worker", "max_connections of postgres"
  std::string value;   // "1", "8", "100"
  std::string origin;  // "default", "--assume cpus=8", "connplan.toml:3", "PostgreSQL's default"
  std::vector<std::string> used_by;
};

struct loaded_server {
  std::optional<postgres::server_config> config;
  plan::server_input input;
};

struct loaded_pgbouncer {
  std::optional<pgbouncer::config> config;
  plan::pgbouncer_input input;
};

struct loaded_service {
  std::optional<gunicorn::config> gunicorn;
  std::optional<celery::model> celery;
  std::optional<django::settings_model> django;  // the settings this service runs with
  std::map<std::string, std::string> env;        // its merged environment (CONTRACTS §8)
  plan::service_input input;
};

struct project_model {
  project_root root;
  project_config config;  // connplan.toml, or an empty one
  std::vector<loaded_server> servers;
  std::vector<loaded_pgbouncer> pgbouncers;
  std::vector<loaded_service> services;
  std::string django_version;
  std::vector<assumption> assumptions;
  std::vector<finding> findings;        // from every front end and the assembly, deduplicated
  std::vector<std::string> files_read;  // display paths, for --show-files

  [[nodiscard]] plan::deployment deployment() const;
};

// What the command line adds (CONTRACTS §8: command line > CONNPLAN_* > files).
struct run_options {
  inspect_options base;  // root (resolved by the caller), versions, --env, --assume, reader, limits
  bool config_file_named = false;  // --config: a missing file is exit 2
  std::optional<std::filesystem::path> config_file;
  bool isolated = false;
};

// Builds the model of the deployment under `options.base.root`. Throws connplan::error only for
// what CONTRACTS §2 makes exit 2 (the config file in use is unreadable, an unknown version).
[[nodiscard]] project_model load_project(const run_options& options);

}  // namespace connplan
