// `connplan inspect FILE…`: classify each file, run its front end, collect the results.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/kind_detection.hpp"
#include "connplan/inspect.hpp"

namespace connplan {

struct inspect_request {
  std::vector<std::filesystem::path> files;
  std::optional<file_kind> kind;  // --kind; otherwise detected per file
  inspect_options options;
};

struct inspect_outcome {
  std::vector<inspected_file> files;
  // Findings that belong to no inspected file: CP008 for a file that was skipped, CP005 for a named
  // file that is binary.
  std::vector<finding> diagnostics;
  // Problems that make the run fail with exit 2: a named file that is missing, not a regular file,
  // unreadable or over the size limit (CONTRACTS §2).
  std::vector<std::string> fatal_errors;
};

[[nodiscard]] inspect_outcome run_inspect(const inspect_request& request);

// CONTRACTS §2: 2 on a fatal error; 1 when any error-level finding exists; else 0.
[[nodiscard]] int inspect_exit_code(const inspect_outcome& outcome);

// CONTRACTS §6 "inspect".
[[nodiscard]] nlohmann::json inspect_document(const inspect_outcome& outcome,
                                              const project_root& root);

}  // namespace connplan
