// The user-facing rule catalogue (rules/CPnnn-name.md), compiled into the binary.
#pragma once

#include <span>
#include <string_view>

namespace connplan {

struct rule_page {
  std::string_view code;      // "CP501"
  std::string_view markdown;  // the whole page
};

[[nodiscard]] std::span<const rule_page> rule_pages();

}  // namespace connplan
