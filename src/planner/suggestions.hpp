// "What fits": per service, the largest value of its main knob that keeps the server's demand
// within warn_percent of its usable slots, the other knobs held (CONTRACTS §7).
#pragma once

#include <vector>

#include "connplan/plan.hpp"

namespace connplan::plan::detail {

[[nodiscard]] std::vector<suggestion> suggest(const deployment& d, const result& r);

}  // namespace connplan::plan::detail
