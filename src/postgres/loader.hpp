// Internal: reading a postgresql.conf with its includes into occurrences in reading order
// (guc-file.l ParseConfigFile / ParseConfigDirectory @ REL_15_STABLE).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/inspect.hpp"
#include "postgres/syntax.hpp"

namespace connplan::postgres::detail {

// PostgreSQL's include nesting limit: ParseConfigFile rejects depth > 10.
inline constexpr int max_include_depth = 10;

// A file that may set parameters but was not read (outside the root, unreadable): every value
// decided before it in reading order may be overridden by it.
struct unread_file {
  std::size_t position;  // index into `occurrences` at which it would have been applied
  std::string path;      // display path
  std::string why;
};

struct read_result {
  std::vector<raw_entry> occurrences;  // settings in reading order (include directives applied)
  std::vector<finding> findings;       // CP001, CP005, CP006, CP007
  std::vector<std::string> files_read;
  std::vector<unread_file> unread;
  bool accepted = true;  // what PostgreSQL's file reader would say
  bool complete = true;  // false when some content could not be parsed or read
};

// Reads `main` (and postgresql.auto.conf beside it) as PostgreSQL does.
[[nodiscard]] read_result read_configuration(const std::filesystem::path& main,
                                             const inspect_options& options);

}  // namespace connplan::postgres::detail
