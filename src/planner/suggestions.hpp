// "What fits": per service, the largest value of its main knob that keeps the server's demand
// within warn_percent of its usable slots, the other knobs held (CONTRACTS §7).
#pragma once

#include <string>
#include <vector>

#include "connplan/plan.hpp"

namespace connplan::plan::detail {

// The knob users turn for each kind of service (CONTRACTS §7 "What fits").
struct knob {
  std::string name;
  count service_input::*field;
};
[[nodiscard]] knob knob_of(const service_input& s);

[[nodiscard]] std::vector<suggestion> suggest(const deployment& d, const result& r);

}  // namespace connplan::plan::detail
