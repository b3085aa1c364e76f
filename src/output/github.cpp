#include "output/github.hpp"

#include <fmt/format.h>

#include <array>

#include "output/common.hpp"

namespace connplan::output {

std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

namespace {

std::string_view command_of(severity s) {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "notice";
  }
  return "notice";
}

std::string properties(const finding& f) {
  std::string out;
  if (f.location) {
    span s = span_of(*f.location);
    out += "file=" + escape_property(s.file);
    if (s.line > 0) {
      out += fmt::format(",line={},endLine={}", s.line, s.end_line);
      // GitHub ignores columns on a multi-line span; ruff leaves them out then
      // (crates/ruff_db/src/diagnostic/render/github.rs, ruff issue #22074).
      if (s.column > 0 && s.end_line == s.line) {
        out += fmt::format(",col={},endColumn={}", s.column, s.end_column);
      }
    }
    out += ",";
  }
  out += "title=" + escape_property(rule_title(f.code));
  return out;
}

std::string body(const finding& f) {
  std::string text = f.message;
  for (const auto& r : f.related) {
    text += "\n";
    if (r.location) {
      span s = span_of(*r.location);
      text += s.line > 0 ? fmt::format("{}:{}: ", s.file, s.line) : s.file + ": ";
    }
    text += r.message;
  }
  for (const auto& n : f.notes) text += "\n" + n;
  return escape_data(text);
}

}  // namespace

std::string render_github(const std::vector<finding>& findings) {
  std::string out;
  std::array<std::size_t, 3> shown{}, left_out{};
  for (const finding* f : most_severe_first(findings)) {
    auto rank = static_cast<std::size_t>(severity_rank(f->severity));
    if (shown[rank] == github_annotations_per_level) {
      ++left_out[rank];
      continue;
    }
    ++shown[rank];
    out += fmt::format("::{} {}::{}\n", command_of(f->severity), properties(*f), body(*f));
  }
  std::size_t total = left_out[0] + left_out[1] + left_out[2];
  if (total > 0) {
    // A plain log line, not an annotation: an eleventh notice would itself be dropped.
    std::vector<std::string> parts;
    constexpr std::array<std::string_view, 3> words{"error", "warning", "info"};
    for (std::size_t i = 0; i < 3; ++i) {
      if (left_out[i] > 0) {
        parts.push_back(fmt::format("{} {}{}", left_out[i], words[i], left_out[i] == 1 ? "" : "s"));
      }
    }
    out += fmt::format(
        "connplan: {} more finding{} not annotated ({}): GitHub shows {} annotations per level "
        "per step; every finding is in the job summary and in `connplan check --format text`\n",
        total, total == 1 ? "" : "s", fmt::join(parts, ", "), github_annotations_per_level);
  }
  return out;
}

}  // namespace connplan::output
