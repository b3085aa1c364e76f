// Setting names: which style a name is written in, and what a misspelt one probably meant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "celery/catalogue.hpp"

namespace connplan::celery::detail {

// `prefix` + the new name in the prefix's case, as ConfigurationView._to_keys builds it
// (celery/utils/collections.py: `match_case(prefix + key, prefix)`): "CELERY_WORKER_CONCURRENCY".
[[nodiscard]] std::string prefixed(std::string_view prefix, std::string_view new_name);

// The new name a prefixed name stands for ("CELERY_WORKER_POOL" → "worker_pool"), if any.
[[nodiscard]] const option* unprefix(const catalogue& cat, std::string_view prefix,
                                     std::string_view name);

// Whether a name that is no setting looks like an attempt at one, so that ignoring it deserves a
// warning. Upper-case: it starts like Celery's old names (CELERY, CELERYD_, CELERYBEAT_, BROKER_)
// or is within two edits of one. Lower-case: its first word is a settings namespace (`worker_`,
// `task_`, `broker_`, ...) or it is within two edits of a setting.
[[nodiscard]] bool looks_like_setting(const catalogue& cat, std::string_view name);

// The closest candidate: by edit distance (case-insensitive, at most max(2, length / 5)), else
// the one candidate whose last words equal the name's after its first word (`CELERY_CONCURRENCY`
// → `CELERY_WORKER_CONCURRENCY`), else the one candidate holding all the name's words in order
// (`task_soft_limit` → `task_soft_time_limit`).
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view name,
                                                      const std::vector<std::string>& candidates);

[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
[[nodiscard]] bool is_upper_name(std::string_view name);  // Python's str.isupper()

}  // namespace connplan::celery::detail
