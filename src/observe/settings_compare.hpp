// CP905: is a live pg_settings value the one the repository's postgresql.conf sets? Both sides
// are in the parameter's base unit (pg_settings.setting and `postgres -C` print the same
// representation: PostgreSQL guc.c, ShowGUCOption without units), so numbers are compared as
// numbers after scaling by their units, and words case-insensitively (enums and booleans).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace connplan::observe {

// Whether `a` (with base unit `a_unit`) and `b` (with `b_unit`) mean the same value.
[[nodiscard]] bool same_setting(std::string_view a, std::string_view a_unit, std::string_view b,
                                std::string_view b_unit);

// A value as people read it: memory and time in the largest unit that divides it evenly, as
// PostgreSQL's SHOW does ("16384" in 8kB → "128MB", "60000" ms → "1min"); others unchanged.
[[nodiscard]] std::string display_setting(std::string_view setting, std::string_view unit);

}  // namespace connplan::observe
