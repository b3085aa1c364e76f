// A value entry (CONTRACTS.md §4): known, unknown (with the expression and a reason) or
// alternatives (branches disagree; `value` is then the worst case for connections).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/source.hpp"

namespace connplan {

enum class value_status { known, unknown, alternatives };

struct value_entry {
  nlohmann::json value;  // null when unknown
  value_status status = value_status::known;
  std::vector<nlohmann::json> alternatives;
  std::string expr;                 // unknown: the source text
  std::string reason;               // unknown: why it could not be known
  std::optional<std::string> unit;  // PostgreSQL base unit ("8kB", "ms"), else nullopt
  connplan::source origin;

  [[nodiscard]] static value_entry known(nlohmann::json v, connplan::source from) {
    value_entry e;
    e.value = std::move(v);
    e.origin = std::move(from);
    return e;
  }
  [[nodiscard]] static value_entry unknown(std::string expr, std::string reason,
                                           connplan::source from) {
    value_entry e;
    e.status = value_status::unknown;
    e.expr = std::move(expr);
    e.reason = std::move(reason);
    e.origin = std::move(from);
    return e;
  }
};

}  // namespace connplan
