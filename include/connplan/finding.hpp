// One record for every problem connplan reports (CONTRACTS.md §5).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/source.hpp"

namespace connplan {

enum class severity { error, warning, info };

[[nodiscard]] std::string_view to_string(severity s);
[[nodiscard]] std::optional<severity> parse_severity(std::string_view text);

struct related_location {
  std::optional<source_location> location;
  std::string message;
};

struct finding {
  std::string code;  // "CP501"
  connplan::severity severity = severity::error;
  std::string message;  // lower-case, states the problem, no trailing full stop
  std::optional<source_location> location;
  std::vector<related_location> related;
  std::vector<std::string> notes;
  std::string service;
  // What the finding is about, independent of line numbers (e.g. "max_connections",
  // "DATABASES.default.CONN_MAX_AGE"); the fingerprint is built from code + path + identity.
  std::string identity;
};

// A finding stamped with its rule's default severity from the rule table.
// Throws connplan::error for a code that is not in the table: that is a programming error.
[[nodiscard]] finding make_finding(std::string_view code, std::string message,
                                   std::optional<source_location> where = std::nullopt,
                                   std::string identity = {});

// The canonical order of CONTRACTS.md §1: path, line, column, severity (error first), code.
[[nodiscard]] bool canonical_less(const finding& a, const finding& b);

// Stable across line moves: a hash of code, path and identity (message when identity is empty).
[[nodiscard]] std::string fingerprint(const finding& f);

}  // namespace connplan
