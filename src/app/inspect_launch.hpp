// `connplan inspect` on a launch file (issue 6): what connplan understood of each process the file
// starts — its command, the program and the connection-relevant flags parse_command_line found,
// its environment, replicas and surge — with the file's findings. The §6 file entry of a launch
// file has `"settings": {}` and a `"processes"` array (docs/json.md, "inspect on launch files").
#pragma once

#include <string>
#include <string_view>

#include "connplan/inspect.hpp"
#include "connplan/launch_files.hpp"

namespace connplan {

// `text` is the file's content, `display` its path relative to the root. Everything that leaves
// this function is redacted (CONTRACTS §9). Never throws (except std::bad_alloc).
[[nodiscard]] inspected_file inspect_launch_file(std::string_view text, const std::string& display,
                                                 launchfiles::format format,
                                                 const inspect_options& options);

// Whether a flag (by the program's destination name) changes how many connections a process can
// open: worker and thread counts, worker classes and pools, concurrency limits, recycling.
[[nodiscard]] bool is_connection_relevant_flag(std::string_view name);

}  // namespace connplan
