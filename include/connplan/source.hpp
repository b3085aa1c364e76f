// Where a value came from. Shaped like toml++'s source_region: every value remembers its origin.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace connplan {

// 1-based line and column; column counts bytes, as compilers do. 0 means "unknown".
struct source_position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const source_position&, const source_position&) = default;
  friend auto operator<=>(const source_position&, const source_position&) = default;
};

// A span in one file. `file` is the display path: relative to the project root, '/' separators.
struct source_location {
  std::string file;
  source_position begin;
  source_position end;  // inclusive end; equal to begin for a single character
  friend bool operator==(const source_location&, const source_location&) = default;
};

// CONTRACTS.md §4: a source is a file position, a default, an assumption, an environment
// variable, or a connplan.toml key.
enum class source_kind { file, default_value, assumed, env, toml };

struct source {
  source_kind kind = source_kind::default_value;
  source_location location;  // file and toml
  std::string detail;        // assumed: the reason; env: the variable's name

  [[nodiscard]] static source from_file(source_location where) {
    return {source_kind::file, std::move(where), {}};
  }
  [[nodiscard]] static source default_value() { return {}; }
  [[nodiscard]] static source assumed(std::string reason) {
    return {source_kind::assumed, {}, std::move(reason)};
  }
  [[nodiscard]] static source env(std::string name) {
    return {source_kind::env, {}, std::move(name)};
  }
  [[nodiscard]] static source toml(source_location where) {
    return {source_kind::toml, std::move(where), {}};
  }
  friend bool operator==(const source&, const source&) = default;
};

// A value with its origin.
template <class T>
struct sourced {
  T value{};
  connplan::source origin;
};

}  // namespace connplan
