// The JSON shapes shared by every document (CONTRACTS.md §4, §5).
#pragma once

#include <nlohmann/json.hpp>

#include "connplan/finding.hpp"
#include "connplan/inspect.hpp"
#include "connplan/source.hpp"
#include "connplan/value.hpp"

namespace connplan {

[[nodiscard]] nlohmann::json to_json(const source_location& where);
[[nodiscard]] nlohmann::json to_json(const source& from);
[[nodiscard]] nlohmann::json to_json(const value_entry& entry);
[[nodiscard]] nlohmann::json to_json(const finding& f);
[[nodiscard]] nlohmann::json to_json(const inspected_file& file);

}  // namespace connplan
