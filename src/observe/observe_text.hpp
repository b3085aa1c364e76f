// The text form of `connplan observe`: a table per service (predicted worst case, steady state,
// observed, peak, states), the unaccounted groups, the PgBouncer pools, then the findings.
#pragma once

#include <string>
#include <vector>

#include "observe/analyse.hpp"

namespace connplan::observe {

[[nodiscard]] std::string render_text(const observation& o, const std::vector<finding>& findings);

}  // namespace connplan::observe
