// What every output format shares: the tool's identity, rule links, the normalised span of a
// location, and the GitHub order (most severe first).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output {

inline constexpr std::string_view tool_name = "connplan";
// The project's home; rule pages live under it as rules/CPnnn-name.md (the same files `connplan
// explain` prints). One constant, so the published address changes in one place.
inline constexpr std::string_view information_uri = "https://connplan.invalid";

// information_uri + "/rules/CP101-demand-exceeds-capacity.md" (the page's file name).
[[nodiscard]] std::string rule_url(std::string_view code);
// "CP101 demand-exceeds-capacity" ("CP101" alone for a code missing from the table).
[[nodiscard]] std::string rule_title(std::string_view code);

// A location with the gaps filled: `line` 0 means only the file is known; `column` 0 means the
// columns are unknown. The end is inclusive (as in source_location) and never before the start.
struct span {
  std::string file;
  std::uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
};
[[nodiscard]] span span_of(const source_location& where);

// 0 for error, 1 for warning, 2 for info.
[[nodiscard]] int severity_rank(severity s);

// The findings in GitHub's order (CONTRACTS §1): most severe first, canonical order within a
// severity. Pointers into `findings`.
[[nodiscard]] std::vector<const finding*> most_severe_first(const std::vector<finding>& findings);

// The message followed by the notes, one per line (for formats with a single free-text field).
[[nodiscard]] std::string message_with_notes(const finding& f);

}  // namespace connplan::output
