#include "output/junit.hpp"

#include <fmt/format.h>

#include <map>

#include "output/common.hpp"
#include "output/xml.hpp"

namespace connplan::output {

namespace {

std::string position(const finding& f) {
  if (!f.location) return "";
  span s = span_of(*f.location);
  if (s.line == 0) return s.file + ": ";
  if (s.column == 0) return fmt::format("{}:{}: ", s.file, s.line);
  return fmt::format("{}:{}:{}: ", s.file, s.line, s.column);
}

}  // namespace

std::string render_junit(const std::vector<finding>& findings) {
  std::map<std::string, std::vector<const finding*>> by_file;
  for (const auto& f : findings) by_file[f.location ? f.location->file : "."].push_back(&f);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::size_t tests = findings.empty() ? 1 : findings.size();
  out += fmt::format("<testsuites name=\"connplan\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     tests, findings.size());
  if (findings.empty()) {
    out += "  <testsuite name=\"connplan\" tests=\"1\" failures=\"0\" errors=\"0\">\n";
    out += "    <testcase name=\"connplan check\" classname=\"connplan\"/>\n";
    out += "  </testsuite>\n";
  }
  for (const auto& [file, list] : by_file) {
    std::string name = xml_escape(file);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                       name, list.size(), list.size());
    for (const finding* f : list) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\"",
                         xml_escape(rule_title(f->code)), name);
      if (f->location && f->location->begin.line > 0) {
        out += fmt::format(" line=\"{}\"", f->location->begin.line);
      }
      out += ">\n";
      std::string text = position(*f) + message_with_notes(*f);
      out += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                         to_string(f->severity), xml_escape(f->message), xml_escape(text));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace connplan::output
