// The Django settings model: what a settings module sets for the database connections, computed by
// the abstract evaluator (never by running the module) and completed as Django's ConnectionHandler
// does for the target version (django/db/utils.py `ensure_defaults` @ 3.2, 4.0;
// `configure_settings` @ 4.1 … 5.2).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/inspect.hpp"
#include "connplan/python/evaluate.hpp"
#include "connplan/source.hpp"
#include "connplan/value.hpp"

namespace connplan::django {

// The target versions (CONTRACTS.md §3), oldest first; the last one is the default.
[[nodiscard]] const std::vector<std::string>& supported_versions();
[[nodiscard]] std::string_view newest_version();

// One `-c name=value` (or `--name=value`) part of OPTIONS["options"], the libpq startup options
// string; the planner's CP205 (startup-options-through-pgbouncer) reads them.
struct startup_option {
  std::string name;
  std::string value;
};

// OPTIONS["pool"] (Django ≥ 5.1 with psycopg 3): `True` or a dict of psycopg_pool.ConnectionPool
// arguments. psycopg_pool/base.py: min_size defaults to 4, max_size to min_size.
struct pool_settings {
  value_entry enabled;   // the OPTIONS["pool"] value as written (true, or the dict)
  value_entry min_size;  // number, or unknown
  value_entry max_size;  // number, or unknown
};

// One assignment of an alias's CONN_MAX_AGE, in execution order across the import chain.
struct conn_max_age_write {
  value_entry value;  // what CONN_MAX_AGE became (the Django default 0 when a rebinding dropped it)
  // "assign" (the key itself), "dict" (a dict stored at DATABASES or DATABASES[alias] that
  // carries the key), "reset" (such a dict without the key: back to the default), "delete"
  // (`del DATABASES[alias]["CONN_MAX_AGE"]`).
  std::string how;
  bool conditional = false;  // inside a branch whose condition is unknown
  bool effective = false;    // the one that wins
};

// One DATABASES alias, with the target version's defaults filled in.
struct database_alias {
  std::string name;
  // The alias's dict as a whole: where it was set; unknown when the evaluator could not know it
  // (then `keys` is empty and a CP002 says why).
  value_entry definition;
  std::map<std::string, value_entry> keys;          // every key of the dict, PASSWORD redacted
  std::optional<pool_settings> pool;                // OPTIONS["pool"] when truthy or unknown
  std::optional<value_entry> startup_options_text;  // OPTIONS["options"] as written
  std::vector<startup_option> startup_options;      // ... parsed
  std::vector<conn_max_age_write> conn_max_age_history;

  [[nodiscard]] const value_entry* find(std::string_view key) const;
};

// Apps that change the connection arithmetic when installed (the planner reads them).
inline constexpr std::string_view apps_of_interest[] = {"channels", "django_celery_beat",
                                                        "django_celery_results", "daphne"};

struct settings_model {
  std::string version;   // the target Django version
  std::string path;      // display path of the settings module
  bool accepted = true;  // would Django accept it (imports, has a 'default' alias)
  bool complete = true;  // every file of the chain parsed whole
  // DATABASES after ensure_defaults, in dict order. Empty when DATABASES itself is unknown.
  std::vector<database_alias> databases;
  value_entry databases_entry;  // DATABASES as a whole (where it was set; unknown if unknown)
  value_entry routers;          // DATABASE_ROUTERS (default [])
  // app name → installed? (true, false, or unknown/alternatives when INSTALLED_APPS is)
  std::map<std::string, value_entry> installed_apps;
  std::map<std::string, value_entry> settings;  // every other upper-case setting, redacted
  std::vector<std::string> settings_chain;      // display paths, import order
  std::vector<finding> findings;

  [[nodiscard]] const database_alias* alias(std::string_view name) const;
};

struct model_options {
  std::string version;  // empty: newest
};

// The model of an already evaluated module (pure: unit tests hand-build `module`).
// Throws connplan::error for a version outside supported_versions().
[[nodiscard]] settings_model build_model(const python::module_result& module,
                                         const model_options& options);

// Evaluates `file` (never executing it) and builds its model.
[[nodiscard]] settings_model load(const std::filesystem::path& file,
                                  const inspect_options& options);

// `connplan inspect --kind django`: CONTRACTS.md §6's per-file document.
[[nodiscard]] inspected_file inspect(const std::filesystem::path& file,
                                     const inspect_options& options);

// The same document from an already built model (tests, and callers that keep the model).
[[nodiscard]] inspected_file to_inspected_file(const settings_model& model);

}  // namespace connplan::django
