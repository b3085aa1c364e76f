// The members of the "observe" document (CONTRACTS §6) after the common header.
#pragma once

#include <nlohmann/json.hpp>

#include "observe/analyse.hpp"

namespace connplan::observe {

// `findings` are the selected ones (engine::apply), in canonical order.
[[nodiscard]] nlohmann::json to_json(const observation& o, const std::vector<finding>& findings);

}  // namespace connplan::observe
