// Baselines (issue 5; docs/baseline.md; docs/schema/baseline.schema.json): a versioned JSON file
// of the fingerprints of the findings a project has accepted, so that `check --baseline FILE`
// reports only new ones. Fingerprints are code + path + the setting's identity (CONTRACTS §5), so
// entries survive line moves and unrelated edits, as detekt's signatures do and line-number
// baselines do not (reference/ecosystem.md §2.7).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::engine {

struct baseline_entry {
  std::string fingerprint;
  std::string code;     // for humans reading the file; not used when matching
  std::string path;     // ditto
  std::string message;  // ditto
};

struct baseline {
  std::vector<baseline_entry> entries;  // a multiset: two equal fingerprints absorb two findings
};

// The baseline document for `findings`: entries sorted by path, code, fingerprint, message; a
// trailing newline; no timestamps or absolute paths, so the file diffs cleanly.
[[nodiscard]] std::string write_baseline(const std::vector<finding>& findings);

// Parses a baseline document; the error (a string) says what is wrong with it.
[[nodiscard]] std::variant<baseline, std::string> parse_baseline(std::string_view text);

struct baseline_outcome {
  std::vector<finding> kept;  // findings the baseline does not absorb, in input order
  int baselined = 0;          // findings it absorbed
  int stale = 0;              // entries that absorbed nothing (fixed since the baseline was made)
};

[[nodiscard]] baseline_outcome subtract_baseline(std::vector<finding> findings, const baseline& b);

}  // namespace connplan::engine
