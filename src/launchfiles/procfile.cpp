// Procfile: one process per `type: command` line. Heroku's grammar (devcenter.heroku.com
// "The Procfile": `<process type>: <command>`; the platform's parser matches each line with
// `^([A-Za-z0-9_-]+):\s*(.+)$` and ignores lines that do not match — we report those as CP001,
// since a line that silently starts nothing is almost always a mistake).
#include <fmt/format.h>

#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

namespace {

bool is_type_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

launch_file read_procfile(std::string_view raw, std::string display_path,
                          const read_options& options) {
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::procfile;
  const std::string text = without_cr(raw);
  const line_index lines(text);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    const std::size_t start = pos;
    pos = end + 1;
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    std::size_t k = 0;
    while (k < line.size() && is_type_char(line[k])) ++k;
    std::size_t c = k + 1;
    while (c < line.size() && (line[c] == ' ' || line[c] == '\t')) ++c;
    std::size_t last = line.find_last_not_of(" \t");
    if (k == 0 || k >= line.size() || line[k] != ':' || c >= line.size() || last < c) {
      out.findings.push_back(make_finding(
          "CP001", "procfile line is not `type: command`; heroku ignores it",
          lines.location(out.path, start + first, start + line.size()), "procfile-line"));
      continue;
    }
    launched_process p;
    p.from = format::procfile;
    p.file = out.path;
    const std::string type(line.substr(0, k));
    p.command = std::string(line.substr(c, last + 1 - c));
    p.command_at = lines.location(out.path, start + c, start + last + 1);
    // The command is the line's text as written: every blank-separated run is a word's place.
    for (std::size_t i = 0; i < p.command.size();) {
      if (p.command[i] == ' ' || p.command[i] == '\t') {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < p.command.size() && p.command[j] != ' ' && p.command[j] != '\t') ++j;
      p.command_words.emplace_back(i, lines.location(out.path, start + c + i, start + c + j));
      i = j;
    }
    // A later line of the same type replaces the earlier one (honcho and foreman read the
    // Procfile into a mapping).
    std::erase_if(out.processes, [&](const launched_process& q) { return q.name == type; });
    p.name = type;
    (void)options;
    out.processes.push_back(std::move(p));
  }
  return out;
}

}  // namespace connplan::launchfiles::detail
