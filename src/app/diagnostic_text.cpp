#include "app/diagnostic_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "connplan/rule_table.hpp"

namespace connplan {

std::string format_location(const source_location& where) {
  if (where.begin.line == 0) return where.file;
  if (where.begin.column == 0) return fmt::format("{}:{}", where.file, where.begin.line);
  return fmt::format("{}:{}:{}", where.file, where.begin.line, where.begin.column);
}

namespace {

// The caret line under an echoed source line: '^' at the start column, '~' to the end column
// when the span stays on one line. Tabs are kept so the caret lines up in a terminal.
std::string caret_line(std::string_view echoed, const source_location& where) {
  std::string out;
  std::uint32_t col = std::max<std::uint32_t>(where.begin.column, 1);
  for (std::uint32_t i = 1; i < col && i - 1 < echoed.size(); ++i) {
    out.push_back(echoed[i - 1] == '\t' ? '\t' : ' ');
  }
  out.push_back('^');
  if (where.end.line == where.begin.line && where.end.column > col) {
    std::uint32_t last =
        std::min<std::uint32_t>(where.end.column, static_cast<std::uint32_t>(echoed.size()));
    for (std::uint32_t i = col + 1; i <= last; ++i) out.push_back('~');
  }
  return out;
}

// SGR sequences (ECMA-48 §8.3.117): 1 bold, 31 red, 33 yellow, 36 cyan, 0 reset.
struct style {
  bool on = false;
  [[nodiscard]] std::string wrap(std::string_view sgr, std::string_view text) const {
    if (!on || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", sgr, text);
  }
};

std::string_view severity_sgr(severity s) {
  switch (s) {
    case severity::error:
      return "1;31";
    case severity::warning:
      return "1;33";
    case severity::info:
      return "1;36";
  }
  return "1";
}

}  // namespace

std::string format_diagnostic(const finding& f, source_lines& sources, bool color) {
  const rule_info* rule = find_rule(f.code);
  style st{color};
  std::string_view sgr = severity_sgr(f.severity);
  std::string out;
  if (f.location) out += st.wrap("1", format_location(*f.location) + ":") + " ";
  out += fmt::format("{} {} [{} {}]\n", st.wrap(sgr, fmt::format("{}:", to_string(f.severity))),
                     f.message, st.wrap("1", f.code),
                     rule != nullptr ? rule->name : std::string_view("?"));
  if (f.location && f.location->begin.line > 0) {
    if (auto text = sources.line(f.location->file, f.location->begin.line)) {
      std::string gutter = fmt::format("{:>5}", f.location->begin.line);
      out += fmt::format("{} | {}\n", gutter, *text);
      std::string caret = caret_line(*text, *f.location);
      std::size_t mark = caret.find('^');
      out += fmt::format("{} | {}{}\n", std::string(gutter.size(), ' '), caret.substr(0, mark),
                         st.wrap(sgr, caret.substr(mark)));
    }
  }
  for (const auto& r : f.related) {
    out += "  ";
    if (r.location) out += format_location(*r.location) + ": ";
    out += fmt::format("note: {}\n", r.message);
  }
  for (const auto& n : f.notes) out += fmt::format("  note: {}\n", n);
  return out;
}

std::string explain_hint(const std::vector<finding>& findings, bool color) {
  std::set<std::string> codes;
  for (const auto& f : findings) codes.insert(f.code);
  if (codes.empty()) return {};
  style st{color};
  return fmt::format("{} `connplan explain CODE` describes a rule ({})\n", st.wrap("1;36", "hint:"),
                     fmt::join(codes, ", "));
}

}  // namespace connplan
