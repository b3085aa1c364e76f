// Which findings a run reports, and at what severity (CONTRACTS §8 [rules], §10; ruff's model):
// `select` replaces the default set (all rules), `extend_select` adds to it, `ignore` removes;
// a code prefix (`CP1`, `CP20`) selects every code it begins; `per_file_ignores` maps path globs to
// codes; `severity` overrides a rule's default severity.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::engine {

struct selection {
  std::vector<std::string> select;  // empty: every rule
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::map<std::string, severity> severity_overrides;  // code or prefix → severity
  std::vector<std::pair<std::string, std::vector<std::string>>> per_file_ignores;  // glob → codes

  // Whether `code` is reported at all (before per-file ignores).
  [[nodiscard]] bool enabled(std::string_view code) const;
  // Whether a finding at `path` with `code` is ignored by a per_file_ignores glob.
  [[nodiscard]] bool ignored_in(std::string_view path, std::string_view code) const;
};

// Applies selection, per-file ignores and severity overrides; returns the findings kept, in the
// canonical order (CONTRACTS §1).
[[nodiscard]] std::vector<finding> apply(std::vector<finding> findings, const selection& s);

// A code or prefix as users write it: "CP", "CP1", "CP501", "ALL". Nullopt when malformed.
[[nodiscard]] std::optional<std::string> normalise_selector(std::string_view text);

enum class fail_level { error, warning, info, never };
[[nodiscard]] std::optional<fail_level> parse_fail_level(std::string_view text);
// CONTRACTS §2: 1 when any finding is at or above the fail level, else 0.
[[nodiscard]] int exit_code(const std::vector<finding>& findings, fail_level level);

struct summary {
  int error = 0, warning = 0, info = 0, suppressed = 0, baselined = 0;
};
[[nodiscard]] summary summarise(const std::vector<finding>& findings);

}  // namespace connplan::engine
