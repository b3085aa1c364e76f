// The Markdown job summary that `check --format github` appends to $GITHUB_STEP_SUMMARY and
// `report --format github` prints (github/docs workflow-commands.md "Adding a job summary":
// GitHub-flavoured Markdown, at most 1 MiB per step; GitHub renders ```mermaid blocks).
#pragma once

#include <string>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/plan.hpp"
#include "engine/selection.hpp"

namespace connplan::output {

// A heading with the summary counts, a table per server (demand, usable, headroom), a mermaid pie
// of each server's budget (contributions and what is left of the usable slots), the PgBouncers, and
// every finding in a table.
[[nodiscard]] std::string render_github_summary(const plan::result& plan,
                                                const std::vector<finding>& findings,
                                                const engine::summary& summary);

// Text made safe for a Markdown table cell: '|' escaped, newlines as <br>, HTML's < > & as
// entities.
[[nodiscard]] std::string markdown_cell(std::string_view text);

}  // namespace connplan::output
