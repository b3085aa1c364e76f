// The Celery model: the settings a Celery app really runs with, computed from its configuration
// files without running them, for Celery 5.2 … 5.6.
//
// Sources (what `inspect` accepts):
// - a config module (celeryconfig.py) with new lower-case or old upper-case names, read as
//   `app.config_from_object("celeryconfig")` reads it;
// - an app module (celery.py) creating `Celery(...)`, then `app.conf.update(...)`,
//   `app.conf.x = ...`, `app.conf["x"] = ...`, `app.config_from_object(...)`; the object it names
//   (a config module or `django.conf:settings`, found through DJANGO_SETTINGS_MODULE) is read too;
// - a Django settings module, read as `config_from_object("django.conf:settings",
//   namespace="CELERY")` reads it (the namespace is then an assumption, reported in a note).
// Names follow Celery's own rules (celery/app/utils.py `detect_settings`,
// celery/utils/collections.py `ConfigurationView`): old names map to new ones, a file mixing the
// two styles is refused (CP402), old names are ignored under a namespace (CP405), unknown names
// are ignored (CP401).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/inspect.hpp"
#include "connplan/value.hpp"

namespace connplan::celery {

// How the inspected file was read.
enum class source_kind {
  config_module,    // celeryconfig.py: `config_from_object("module")`
  app_module,       // celery.py: builds the app
  django_settings,  // Django settings: `config_from_object("django.conf:settings", namespace=...)`
};
[[nodiscard]] std::string_view to_string(source_kind kind);

// An old upper-case name found in a source (CONTRACTS §6 "old_names").
struct old_name {
  std::string name;     // "CELERYD_CONCURRENCY"
  std::string maps_to;  // "worker_concurrency"
  bool used = false;    // false: Celery ignores it (under a namespace, or the new name is set)
  connplan::source origin;
};

// What the planner needs, each value with where it came from. Values are JSON as Python would
// hold them (`null` for None); `worker_concurrency` null and known means "the CPU count at run
// time" (Celery's default); unknown values carry the expression and the reason.
struct model {
  std::string path;     // display path of the inspected file
  std::string version;  // the target Celery version ("5.2" … "5.6")
  source_kind kind = source_kind::config_module;
  std::optional<std::string> namespace_name;  // "CELERY" when settings are read with a prefix
  // config_module: the module attribute holding the config object ("CELERY_CONFIG" in a Superset
  // config), empty when the module itself is the object.
  std::string config_object;
  value_entry app_name;  // Celery("proj"): the app's main name; null when none
  value_entry worker_concurrency;
  value_entry worker_pool;
  value_entry worker_max_tasks_per_child;
  value_entry worker_max_memory_per_child;
  value_entry worker_prefetch_multiplier;
  value_entry worker_autoscaler;
  value_entry broker_url;  // redacted
  value_entry broker_pool_limit;
  value_entry result_backend;  // redacted
  value_entry database_engine_options;
  value_entry database_short_lived_sessions;
  value_entry beat_scheduler;
  value_entry task_always_eager;
  // Every reported setting by new name (the ones above, and every setting a source sets).
  std::map<std::string, value_entry> settings;
  std::vector<old_name> old_names;
  std::vector<std::string> files;  // display paths of every file read, in order
  bool accepted = true;            // false: Celery refuses the configuration (CP402)
  bool complete = true;            // false: a file could not be parsed whole
  std::vector<finding> diagnostics;
  std::vector<std::string> notes;  // assumptions made (the namespace of a Django settings file)
};

// Reads `file` and everything it names; never throws for bad input (problems are diagnostics).
// An unknown `options.celery_version` is a connplan::error (the CLI validates it first).
[[nodiscard]] model load(const std::filesystem::path& file, const inspect_options& options);

// CONTRACTS §6 "celery": `settings` under the new names, plus "namespace", "old_names",
// "source_kind", "config_object", "app_name", "version", "files" and "notes" members.
[[nodiscard]] inspected_file inspect(const std::filesystem::path& file,
                                     const inspect_options& options);

// The catalogue's versions, oldest first; the newest is the default.
[[nodiscard]] std::span<const std::string_view> versions();

}  // namespace connplan::celery
