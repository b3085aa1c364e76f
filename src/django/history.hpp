// Every assignment of an alias's CONN_MAX_AGE across the import chain (issue 3; domain.md §8 item
// 14), read from the evaluator's write log, with the one that wins marked `effective`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connplan/django.hpp"
#include "connplan/python/evaluate.hpp"
#include "django/values.hpp"

namespace connplan::django::detail {

// `DATABASES['default']['CONN_MAX_AGE']` → {"DATABASES", "default", "CONN_MAX_AGE"}. A subscript
// that is not a string literal keeps its text.
[[nodiscard]] std::vector<std::string> split_target(std::string_view target);

// `final_value` is the alias's CONN_MAX_AGE after the whole chain ran (the Django default, with a
// "default" source, when the final dict has no such key).
[[nodiscard]] std::vector<conn_max_age_write> conn_max_age_history(
    const std::vector<python::write_event>& writes, std::string_view alias,
    const value& final_value);

}  // namespace connplan::django::detail
