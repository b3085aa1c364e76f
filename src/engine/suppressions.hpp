// Inline suppressions (CONTRACTS §10; docs/suppressions.md): `# connplan: ignore[CP301,CP304]
// reason` on the finding's line or on its own line above it, `# connplan: ignore-file[CP3]`
// anywhere in a file, and in pgbouncer.ini `; connplan: ignore[…]` on its own line for the next
// line. A suppression that hides nothing is CP004 (ruff's RUF100, reference/ecosystem.md §2.4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "engine/selection.hpp"

namespace connplan::engine {

// How a file writes comments, which decides where a directive can live.
enum class comment_style {
  // Python: `#` to the end of the line, outside strings (the real tokenizer decides).
  python,
  // postgresql.conf, connplan.toml, YAML, shell, Dockerfile, systemd, supervisord: `#` to the end
  // of the line when it starts a word outside a quoted string.
  hash,
  // pgbouncer.ini: only whole lines starting with `;` or `#` are comments (pgbouncer
  // doc/config.md); a trailing `;` is part of the value.
  ini,
};

struct suppression {
  source_location at;  // the `connplan:` marker
  bool file_level = false;
  std::vector<std::string> codes;  // normalised codes and prefixes ("CP301", "CP3")
  std::string reason;              // the text after `]`, trimmed
  std::string text;                // the directive as written, from `connplan:` to the end
  // The lines a line-level suppression covers (0: none): a trailing comment covers its own line;
  // a comment on its own line covers the next line that is neither blank nor a comment.
  std::uint32_t own_line = 0;
  std::uint32_t next_line = 0;
  // Why the directive, or part of it, is not understood; each is reported by CP004.
  std::vector<std::string> problems;
};

// Every `connplan:` directive in the comments of `text` (already known to be `display_path`).
// Cheap for files without the marker: nothing is tokenized unless "connplan:" occurs.
[[nodiscard]] std::vector<suppression> scan_suppressions(std::string_view text,
                                                         std::string_view display_path,
                                                         comment_style style);

struct suppression_outcome {
  std::vector<finding> kept;    // the findings no directive hides, in their input order
  int suppressed = 0;           // how many were hidden
  std::vector<finding> unused;  // CP004, one per directive that hid nothing it could have
};

// Hides every finding a directive covers. `findings` are already selected (selection::enabled,
// per-file ignores): a directive counts as unused only for codes the selection reports in its
// file, as ruff reports RUF100 only for enabled rules. CP004 is never hidden by a comment.
[[nodiscard]] suppression_outcome apply_suppressions(std::vector<finding> findings,
                                                     const std::vector<suppression>& directives,
                                                     const selection& s);

}  // namespace connplan::engine
