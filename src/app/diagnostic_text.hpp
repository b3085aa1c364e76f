// gcc-style text for one finding: `file:line:col: severity: message [CODE name]`, the redacted
// source line with a caret, and the notes.
#pragma once

#include <string>

#include "app/source_lines.hpp"
#include "connplan/finding.hpp"

namespace connplan {

[[nodiscard]] std::string format_diagnostic(const finding& f, source_lines& sources);

// `file:line:col` of a location ("file" alone when the line is unknown).
[[nodiscard]] std::string format_location(const source_location& where);

}  // namespace connplan
