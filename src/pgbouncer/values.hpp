// Value conversions as pgbouncer performs them, and the strings SHOW CONFIG prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pgbouncer/catalogue.hpp"

namespace connplan::pgbouncer::detail {

struct converted {
  bool ok = false;
  std::string shown;                 // what SHOW CONFIG prints
  std::optional<long long> integer;  // integer, unsigned_integer
  std::optional<double> seconds;     // time
};

// A [pgbouncer] value of `type` (libusual cfparser.c cf_set_int / cf_set_uint /
// cf_set_time_usec / cf_set_lookup / cf_set_str and their cf_get_* printers).
[[nodiscard]] converted convert(value_type type, std::string_view text, int minor);

// atoi() as src/loader.c uses it inside connection strings: leading blanks, a sign, decimal
// digits, anything after them ignored; no digits → 0.
[[nodiscard]] long long loader_atoi(std::string_view text);

}  // namespace connplan::pgbouncer::detail
