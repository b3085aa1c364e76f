// CP210 (conn-max-age-not-a-number): Django does not convert CONN_MAX_AGE. On connect it computes
// `self.close_at = None if max_age is None else time.monotonic() + max_age`
// (django/db/backends/base/base.py `connect` @ 3.2 … 5.2), so a string raises TypeError the first
// time a connection opens (tool-behaviour.md "Django 3.2" item 3).
#pragma once

#include <optional>
#include <string_view>

#include "connplan/finding.hpp"
#include "django/values.hpp"

namespace connplan::django::detail {

[[nodiscard]] std::optional<finding> check_conn_max_age_type(std::string_view alias,
                                                             const value& conn_max_age,
                                                             const connplan::source& fallback);

}  // namespace connplan::django::detail
