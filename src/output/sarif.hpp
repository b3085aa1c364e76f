// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it (github/docs
// content/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning.md;
// OASIS sarif-v2.1.0 committee specification).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output {

// The Markdown page of a rule (rules/CPnnn-name.md), empty when there is none.
using rule_page_lookup = std::function<std::string_view(std::string_view code)>;

struct sarif_input {
  const std::vector<finding>& findings;  // canonical order
  std::filesystem::path root;            // absolute: %SRCROOT% in originalUriBaseIds
  rule_page_lookup pages;
  std::string_view version;  // the tool's version
};

// One run of one tool; `rules` holds the rules that appear in the results (sorted by code; every
// result's ruleIndex points into it); deterministic, no timestamps.
[[nodiscard]] std::string render_sarif(const sarif_input& in);

// The "## What it finds" section of a rule page as one paragraph, at most `limit` bytes (GitHub:
// fullDescription.text ≤ 1024 characters); empty when the page has no such section.
[[nodiscard]] std::string what_it_finds(std::string_view page, std::size_t limit = 1024);

// RFC 3986 percent-encoding of a path: everything but unreserved characters and '/' is encoded.
[[nodiscard]] std::string uri_path(std::string_view path);

}  // namespace connplan::output
