// `--baseline FILE` and `--write-baseline FILE` on `check` (issue 5, "Controlling findings").
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "app/run_check.hpp"

namespace connplan::cli {

struct finding_control_args {
  std::string baseline;        // --baseline FILE: report only findings not in it
  std::string write_baseline;  // --write-baseline FILE: write the findings of this run to FILE
};

void add_finding_control_options(CLI::App& sub, finding_control_args& args);
// Before run_check: what the request needs to know (the baseline to subtract).
void apply_finding_control(const finding_control_args& args, check_request& request);
// After run_check: writes the baseline file when asked.
void finish_finding_control(const finding_control_args& args, const check_outcome& outcome);

}  // namespace connplan::cli
