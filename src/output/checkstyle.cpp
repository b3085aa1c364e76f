#include "output/checkstyle.hpp"

#include <fmt/format.h>

#include <map>

#include "output/common.hpp"
#include "output/xml.hpp"

namespace connplan::output {

std::string render_checkstyle(const std::vector<finding>& findings) {
  std::map<std::string, std::vector<const finding*>> by_file;
  for (const auto& f : findings) by_file[f.location ? f.location->file : "."].push_back(&f);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
  for (const auto& [file, list] : by_file) {
    out += fmt::format("  <file name=\"{}\">\n", xml_escape(file));
    for (const finding* f : list) {
      out += "    <error";
      if (f->location) {
        span s = span_of(*f->location);
        if (s.line > 0) out += fmt::format(" line=\"{}\"", s.line);
        if (s.column > 0) out += fmt::format(" column=\"{}\"", s.column);
      }
      out += fmt::format(" severity=\"{}\" message=\"{}\" source=\"connplan.{}\"/>\n",
                         to_string(f->severity), xml_escape(f->message), xml_escape(f->code));
    }
    out += "  </file>\n";
  }
  out += "</checkstyle>\n";
  return out;
}

}  // namespace connplan::output
