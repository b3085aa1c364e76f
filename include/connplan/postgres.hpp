// The postgresql.conf front end: reads a file (with its includes and postgresql.auto.conf) exactly
// as PostgreSQL's lexer and GUC machinery do.
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

namespace connplan::postgres {

// One effective parameter: `setting` is the string `postgres -C NAME` prints (base unit).
struct effective_setting {
  std::string name;         // canonical (lower case) name
  std::string setting;      // base-unit string
  std::string unit;         // base unit, "" when none
  connplan::source origin;  // the line that set it, or default
  // false when connplan cannot know the value: the winning line is invalid (CP502), or a file
  // that was not read (CP007, CP005) may override it. `setting` then holds what was written.
  bool known = true;
  std::string reason;        // why it is unknown
  bool placeholder = false;  // a custom `a.b` name: kept as a string, no unit
};

struct server_config {
  std::string path;     // display path of the main file
  std::string version;  // the catalogue version used
  bool accepted = true;
  bool complete = true;
  std::map<std::string, effective_setting>
      settings;  // every parameter the files set + key defaults
  std::vector<shadowed_value> shadowed;
  std::vector<finding> diagnostics;
  std::vector<std::string> files_read;  // display paths, in reading order

  // The value of an integer parameter (set or default); nullopt when unknown to the catalogue.
  [[nodiscard]] std::optional<long long> integer(std::string_view name) const;
};

[[nodiscard]] server_config load(const std::filesystem::path& file, const inspect_options& options);
[[nodiscard]] inspected_file inspect(const std::filesystem::path& file,
                                     const inspect_options& options);

}  // namespace connplan::postgres
