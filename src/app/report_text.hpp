// The readable capacity plan of `connplan report` (issue 4): per server the contributions with
// their formulas and sources, totals against usable capacity with a headroom bar, PgBouncer's two
// sides, what fits, the assumptions, then the findings.
#pragma once

#include <string>
#include <vector>

#include "app/report_document.hpp"
#include "app/source_lines.hpp"
#include "connplan/plan.hpp"

namespace connplan {

[[nodiscard]] std::string render_report_text(const plan::result& plan,
                                             const std::vector<assumption>& assumptions,
                                             const std::vector<finding>& findings,
                                             const engine::summary& summary, source_lines& sources,
                                             bool color = false);

// "[##########..........]": `used` of `capacity` in `width` cells; over capacity the bar is full
// and ends in '!'.
[[nodiscard]] std::string usage_bar(long long used, long long capacity, int width = 30);

// "3 errors, 1 warning, 2 infos" (the closing line of check and report).
[[nodiscard]] std::string summary_line(const engine::summary& s);

}  // namespace connplan
