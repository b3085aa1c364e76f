#include "output/common.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "connplan/rule_table.hpp"

namespace connplan::output {

std::string rule_url(std::string_view code) {
  const rule_info* rule = find_rule(code);
  if (rule == nullptr) return fmt::format("{}/rules/", information_uri);
  return fmt::format("{}/rules/{}-{}.md", information_uri, rule->code, rule->name);
}

std::string rule_title(std::string_view code) {
  const rule_info* rule = find_rule(code);
  if (rule == nullptr) return std::string(code);
  return fmt::format("{} {}", rule->code, rule->name);
}

span span_of(const source_location& where) {
  span s{where.file, where.begin.line, where.begin.column, where.end.line, where.end.column};
  if (s.line == 0) return span{where.file, 0, 0, 0, 0};
  // An end before the start (or unknown) is read as "the start position only".
  if (s.end_line < s.line) {
    s.end_line = s.line;
    s.end_column = s.column;
  }
  if (s.column == 0) {
    s.end_column = 0;
  } else if (s.end_column == 0 || (s.end_line == s.line && s.end_column < s.column)) {
    s.end_column = s.end_line == s.line ? s.column : 1;
  }
  return s;
}

int severity_rank(severity s) {
  switch (s) {
    case severity::error:
      return 0;
    case severity::warning:
      return 1;
    case severity::info:
      return 2;
  }
  return 2;
}

std::vector<const finding*> most_severe_first(const std::vector<finding>& findings) {
  std::vector<const finding*> out;
  out.reserve(findings.size());
  for (const auto& f : findings) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(), [](const finding* a, const finding* b) {
    if (a->severity != b->severity) return severity_rank(a->severity) < severity_rank(b->severity);
    return canonical_less(*a, *b);
  });
  return out;
}

std::string message_with_notes(const finding& f) {
  std::string out = f.message;
  for (const auto& n : f.notes) out += "\n" + n;
  return out;
}

}  // namespace connplan::output
