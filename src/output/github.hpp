// `--format github`: workflow commands that GitHub Actions turns into annotations
// (github/docs content/actions/reference/workflows-and-actions/workflow-commands.md).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output {

// GitHub keeps 10 annotations of each type per step and drops the rest silently
// (actions/toolkit docs/problem-matchers.md "Limitations").
inline constexpr std::size_t github_annotations_per_level = 10;

// `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message` per finding,
// errors first, then warnings (`::warning`), then infos (`::notice`); at most
// github_annotations_per_level of each, then one plain line saying how many were left out.
[[nodiscard]] std::string render_github(const std::vector<finding>& findings);

// Escaping of actions/toolkit packages/core/src/command.ts: `escapeData` (%, CR, LF) for the
// message, `escapeProperty` (also ':' and ',') for property values.
[[nodiscard]] std::string escape_data(std::string_view text);
[[nodiscard]] std::string escape_property(std::string_view text);

}  // namespace connplan::output
