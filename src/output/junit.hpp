// `--format junit`: JUnit XML as ruff and hadolint write it for CI test-report widgets
// (astral-sh/ruff crates/ruff/tests/cli/snapshots/cli__lint__output_format_junit.snap;
// hadolint/hadolint src/Hadolint/Formatter/JUnit.hs).
#pragma once

#include <string>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output {

// `<testsuites name="connplan" tests failures errors="0">`, one `<testsuite name=PATH>` per file
// (sorted; "." for findings without a location), one `<testcase name="CODE name" classname=PATH>`
// per finding with a `<failure type=SEVERITY message=…>` holding the position, message and notes.
// A run without findings is one passing testcase, so report widgets show that the check ran.
// No timestamps or durations: the output is byte-identical across runs.
[[nodiscard]] std::string render_junit(const std::vector<finding>& findings);

}  // namespace connplan::output
