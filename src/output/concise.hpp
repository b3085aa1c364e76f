// `--format concise`: one gcc-style line per finding, for editors and problem matchers
// (shellcheck -f gcc: `file:line:column: level: message [SC####]`, shellcheck.1.md "FORMATS").
#pragma once

#include <string>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output {

// `file:line:col: severity: message [CODE]` per finding, in the given (canonical) order. Without a
// line the position is `file:`; without a location the path part is omitted, as ruff does
// (`CODE message` lines of crates/ruff_linter/src/message/text.rs for file-less diagnostics).
// A newline inside a message becomes a space so that each finding stays on one line.
[[nodiscard]] std::string render_concise(const std::vector<finding>& findings);

}  // namespace connplan::output
