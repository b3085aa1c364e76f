// `--format rdjson` and `rdjsonl`: reviewdog's Diagnostic Format (reviewdog/reviewdog
// proto/rdf/reviewdog.proto, proto/rdf/README.md), so review bots can comment on pull requests.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/finding.hpp"

namespace connplan::output {

// One `Diagnostic`: message (with the notes), location {path, range {start, end}} (1-based, column
// in UTF-8 bytes, end exclusive; lines only when the columns are unknown), severity
// ERROR|WARNING|INFO, source, code {value, url}, related_locations.
[[nodiscard]] nlohmann::json rdjson_diagnostic(const finding& f);

// One `DiagnosticResult` document: {source {name, url}, diagnostics [...]}.
[[nodiscard]] std::string render_rdjson(const std::vector<finding>& findings);
// JSON Lines: one Diagnostic per line.
[[nodiscard]] std::string render_rdjsonl(const std::vector<finding>& findings);

}  // namespace connplan::output
