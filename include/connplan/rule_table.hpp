// The one table of rule codes (CONTRACTS.md §11). Codes are never reused.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "connplan/finding.hpp"

namespace connplan {

struct rule_info {
  std::string_view code;      // "CP501"
  std::string_view name;      // "unknown-postgres-parameter"
  std::string_view category;  // "input", "capacity", "django", ...
  connplan::severity severity;
  std::string_view summary;  // one line, lower-case
};

[[nodiscard]] std::span<const rule_info> all_rules();
[[nodiscard]] const rule_info* find_rule(std::string_view code);

}  // namespace connplan
