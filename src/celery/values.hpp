// From the evaluator's abstract values to CONTRACTS §4 value entries: JSON as Python holds the
// value, secrets redacted (CONTRACTS §9), alternatives reduced to the worst case for connections.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "celery/resolve.hpp"
#include "connplan/python/evaluate.hpp"
#include "connplan/value.hpp"

namespace connplan::celery::detail {

// The JSON form of a known value; unknown parts are null. Strings lose URL passwords, and dict
// members with secret-looking keys become "***".
[[nodiscard]] nlohmann::json value_json(const python::value& v);

// Of the values a setting may take, the one that costs the most connections (see values.cpp).
[[nodiscard]] nlohmann::json worst_case(std::string_view setting,
                                        const std::vector<nlohmann::json>& alternatives);

// The entry reported for `setting`; a secret-named setting's value is "***" unless it is None.
[[nodiscard]] value_entry to_entry(std::string_view setting, const setting_value& v);

}  // namespace connplan::celery::detail
