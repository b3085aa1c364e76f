// postgresql.conf syntax: text → raw `name [=] value` entries with locations, and CP001 findings.
// Knows nothing of parameters, includes or units (loader.cpp does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/source.hpp"

namespace connplan::postgres {

// The lexer's token class of a value (guc-file.l): PostgreSQL itself treats them all alike once
// unquoted, but connplan says how a value was written.
enum class value_token { identifier, quoted_string, integer, real, unquoted_string };

struct raw_entry {
  std::string name;   // as written (case preserved: PostgreSQL's duplicate check is case-sensitive)
  std::string value;  // after unquoting and unescaping
  value_token token = value_token::identifier;
  bool quoted = false;
  source_location name_location;
  source_location value_location;
};

struct parse_result {
  std::vector<raw_entry> entries;  // in file order, include directives among them
  std::vector<finding> findings;   // CP001 per bad line (CP006 after too many)
  [[nodiscard]] bool accepted() const { return findings.empty(); }
};

// PostgreSQL abandons a file after 100 syntax errors (ParseConfigFp); so does connplan.
inline constexpr std::size_t max_syntax_errors = 100;

// `name` is the display path, used in locations and messages. Never throws on any input.
[[nodiscard]] parse_result parse(std::string_view text, std::string_view name);

// GUC_scanstr / DeescapeQuotedString: strips the quotes of a STRING token and collapses `''` and
// backslash escapes. The result stops at the first NUL byte, as the C string would.
[[nodiscard]] std::string unquote(std::string_view token);

}  // namespace connplan::postgres
