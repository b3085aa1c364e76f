// Internals of the catalogue: PostgreSQL 15's table (generated) and the hand-written deltas that
// turn it into the table of every other supported version.
#pragma once

#include <span>
#include <string_view>

#include "postgres/catalogue.hpp"

namespace connplan::postgres::detail {

// PostgreSQL 15 as the server describes itself (catalogue_15.inc).
[[nodiscard]] std::span<const parameter> pg15_parameters();

// A parameter record valid from major version `since` to `until` (inclusive); an empty bound is
// open. Used for parameters absent from 15 and for 15's parameters that differ elsewhere.
struct versioned_parameter {
  std::string_view since;
  std::string_view until;
  parameter record;
  std::string_view why;  // the release-notes item (or other source) that makes this true
};

// A parameter of 15 that exists only from `since` to `until` (inclusive; empty = open).
struct availability {
  std::string_view name;
  std::string_view since;
  std::string_view until;
  std::string_view why;
};

[[nodiscard]] std::span<const versioned_parameter> version_records();
[[nodiscard]] std::span<const availability> pg15_availability();

}  // namespace connplan::postgres::detail
