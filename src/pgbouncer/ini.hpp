// pgbouncer.ini → a list of items with locations. Syntax only: no meaning, no file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connplan/source.hpp"

namespace connplan::pgbouncer::detail {

struct ini_item {
  enum class kind { section, key_value, include, syntax_error };
  kind what = kind::key_value;
  std::string name;                      // section name, key, include path, or the error message
  std::string value;                     // key_value: the value, trailing whitespace trimmed
  source_position name_begin, name_end;  // inclusive end; for an error: where it is
  source_position value_begin, value_end;
};

// Reads the whole text. A syntax error becomes an item (pgbouncer stops loading there); reading
// resumes on the next line so the rest of the file is still checked.
[[nodiscard]] std::vector<ini_item> parse_ini(std::string_view text, const std::string& name);

}  // namespace connplan::pgbouncer::detail
