// Django's per-alias defaults (ConnectionHandler.ensure_defaults / prepare_test_settings, and
// configure_settings from 4.1), applied to an alias's members as the target version does.
#pragma once

#include <string_view>

#include "django/values.hpp"
#include "django/versions.hpp"

namespace connplan::django::detail {

// The backend Django substitutes for an empty or missing ENGINE (django/db/utils.py).
inline constexpr std::string_view dummy_engine = "django.db.backends.dummy";

// The value Django fills in for `key` in every supported version, or nullptr (no default, or a
// default only some versions fill). Used where a branch of an `if` leaves the key out.
[[nodiscard]] const value* common_default(std::string_view key);

// `alias` with the defaults of `target` filled in; the filled values have a "default" source.
[[nodiscard]] members with_defaults(members alias, const version& target);

}  // namespace connplan::django::detail
