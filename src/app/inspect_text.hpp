// The readable form of `connplan inspect`: per file a table of the effective settings with the
// source of every value, what was shadowed, kind-specific tables, then the diagnostics.
#pragma once

#include <string>

#include "app/inspect_run.hpp"
#include "app/source_lines.hpp"

namespace connplan {

[[nodiscard]] std::string render_inspect_text(const inspect_outcome& outcome,
                                              source_lines& sources);

// "deploy/postgresql.conf:64:1", "default", "assumed: <reason>", "env NAME", "connplan.toml:3".
[[nodiscard]] std::string describe_source(const source& from);

}  // namespace connplan
