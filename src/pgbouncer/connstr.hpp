// The key=value strings of [databases], [users] and [peers] entries, split as pgbouncer's
// src/loader.c (cstr_get_pair) does. This is not libpq's parser: only ' ' separates pairs (a tab
// is part of a value), values may be single-quoted with '' for a quote and no backslash escapes,
// and an empty value is an error.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connplan::pgbouncer::detail {

struct connstr_pair {
  std::string key;
  std::string value;
  std::size_t key_offset = 0;    // byte offsets into the parsed text
  std::size_t value_offset = 0;  // of the value's first byte (the quote, when quoted)
};

struct connstr_parse {
  std::vector<connstr_pair> pairs;      // the pairs before any error
  std::optional<std::size_t> error_at;  // "syntax error in connection string" at this offset
  std::string error;                    // what was wrong, in connplan's words
};

[[nodiscard]] connstr_parse parse_connstr(std::string_view text);

}  // namespace connplan::pgbouncer::detail
