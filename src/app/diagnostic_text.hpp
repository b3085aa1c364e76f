// gcc-style text for one finding: `file:line:col: severity: message [CODE name]`, the redacted
// source line with a caret, and the notes.
#pragma once

#include <string>
#include <vector>

#include "app/source_lines.hpp"
#include "connplan/finding.hpp"

namespace connplan {

// With `color`, ANSI styles: the severity in its colour (error red, warning yellow, info cyan), the
// location and code in bold, the caret in the severity's colour. The characters are the same.
[[nodiscard]] std::string format_diagnostic(const finding& f, source_lines& sources,
                                            bool color = false);

// "hint: `connplan explain CODE` describes a rule (CP105, CP201, …)" for the codes in `findings`
// (sorted, once each); empty without findings. Text output prints it when it is styled.
[[nodiscard]] std::string explain_hint(const std::vector<finding>& findings, bool color = false);

// `file:line:col` of a location ("file" alone when the line is unknown).
[[nodiscard]] std::string format_location(const source_location& where);

}  // namespace connplan
