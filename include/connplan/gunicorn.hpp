// The gunicorn config-file model: what a gunicorn configuration file sets, computed without
// running it, as gunicorn 20.1 … 23.0 would load it (gunicorn/app/base.py
// `load_config_from_module_name_or_filename`: every module-level name that is exactly a setting
// name is applied through the setting's validator; every other name is silently ignored).
// This is the config file alone plus gunicorn's environment-dependent defaults; the command line
// and GUNICORN_CMD_ARGS come later (the planner's flag tables).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/inspect.hpp"
#include "connplan/source.hpp"
#include "connplan/value.hpp"

namespace connplan::gunicorn {

// A module-level name gunicorn ignores (an upper-case variant, a typo, a setting of another
// release), with the closest setting name.
struct ignored_name {
  std::string name;
  source_location location;                 // the statement that bound it last
  std::optional<std::string> did_you_mean;  // the closest setting name, if any is close
};

// The values the planner reads, each a value entry (CONTRACTS.md §4) with its source.
struct config {
  std::string path;      // display path of the file
  std::string version;   // the catalogue version used ("20.1" … "23.0")
  bool accepted = true;  // false when gunicorn would refuse it (syntax error, invalid value)
  bool complete = true;  // false when part of it could not be parsed
  value_entry workers;
  value_entry threads;
  value_entry worker_class;
  // sync, gthread, gevent, eventlet, tornado, or the dotted class path (e.g.
  // "uvicorn.workers.UvicornWorker"); sync with threads > 1 is gthread.
  value_entry worker_class_effective;
  value_entry worker_connections;
  value_entry max_requests;
  value_entry max_requests_jitter;
  value_entry timeout;
  value_entry graceful_timeout;
  value_entry preload_app;
  value_entry bind;
  std::map<std::string, value_entry> settings;  // every setting of the version
  std::vector<ignored_name> ignored;            // in source order
  std::vector<finding> diagnostics;
  std::vector<std::string> chain;  // display paths of every evaluated file
};

// The catalogue's versions, oldest first ("20.1", "21.0", "22.0", "23.0").
[[nodiscard]] std::vector<std::string> known_versions();
[[nodiscard]] std::string newest_version();

// Throws connplan::error for a version outside the catalogue (a usage error); an empty
// `options.gunicorn_version` means the newest.
[[nodiscard]] config load(const std::filesystem::path& file, const inspect_options& options);
[[nodiscard]] inspected_file inspect(const std::filesystem::path& file,
                                     const inspect_options& options);

}  // namespace connplan::gunicorn
