// The members every JSON document starts with (CONTRACTS §6).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "connplan/paths.hpp"

namespace connplan {

inline constexpr int schema_version = 1;

[[nodiscard]] nlohmann::json document_header(std::string_view kind, const project_root& root);

}  // namespace connplan
