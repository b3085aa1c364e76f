#include "output/concise.hpp"

#include <fmt/format.h>

#include "output/common.hpp"

namespace connplan::output {

namespace {

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string position(const source_location& where) {
  span s = span_of(where);
  if (s.line == 0) return s.file + ":";
  if (s.column == 0) return fmt::format("{}:{}:", s.file, s.line);
  return fmt::format("{}:{}:{}:", s.file, s.line, s.column);
}

}  // namespace

std::string render_concise(const std::vector<finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    if (f.location) out += position(*f.location) + " ";
    out += fmt::format("{}: {} [{}]\n", to_string(f.severity), one_line(f.message), f.code);
  }
  return out;
}

}  // namespace connplan::output
