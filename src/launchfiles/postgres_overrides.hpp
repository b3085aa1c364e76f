// Parameters set on a PostgreSQL server's command line (`postgres -c max_connections=500`, `-N`,
// `-B`, `--name=value`), which override postgresql.conf as PostgreSQL itself applies them
// (command-line options are PGC_S_ARGV, above PGC_S_FILE: utils/misc/guc.c @ REL_15).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connplan/source.hpp"

namespace connplan::launchfiles {

struct postgres_override {
  std::string name;       // the parameter ("max_connections"; dashes become underscores)
  std::string value;      // as written
  std::string spelling;   // "-c max_connections=500", "-N 500", "--max-connections=500"
  source_location where;  // the option in the launch file (the command's location when unknown)
};

struct postgres_command {
  bool is_postgres = false;  // the command starts postgres (or the image entrypoint's `-c …`)
  std::vector<postgres_override> overrides;  // in command-line order (the last one wins)
  std::vector<std::string> problems;         // what postgres would refuse ("-c name needs =value")
};

// `command`: the sh command line of a launched process (launched_process::command); `at`: where
// it is written (columns are not refined per word: YAML lists spread words over lines).
[[nodiscard]] postgres_command parse_postgres_command(std::string_view command,
                                                      const source_location& at);

}  // namespace connplan::launchfiles
