#include "output/rdjson.hpp"

#include "output/common.hpp"

namespace connplan::output {

using nlohmann::json;

namespace {

json source_json() {
  return json{{"name", tool_name}, {"url", information_uri}};
}

std::string_view severity_of(severity s) {
  switch (s) {
    case severity::error:
      return "ERROR";
    case severity::warning:
      return "WARNING";
    case severity::info:
      return "INFO";
  }
  return "UNKNOWN_SEVERITY";
}

json location_json(const source_location& where) {
  span s = span_of(where);
  json loc{{"path", s.file}};
  if (s.line == 0) return loc;
  // reviewdog.proto: "column" counts UTF-8 bytes (as ours do) and `end` is exclusive; a range with
  // lines only is line-wise and includes the end line.
  json start{{"line", s.line}}, end{{"line", s.end_line}};
  if (s.column > 0) {
    start["column"] = s.column;
    end["column"] = s.end_column + 1;
  }
  loc["range"] = json{{"start", std::move(start)}, {"end", std::move(end)}};
  return loc;
}

std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace

json rdjson_diagnostic(const finding& f) {
  json d{{"message", message_with_notes(f)},
         {"severity", severity_of(f.severity)},
         {"source", source_json()},
         {"code", {{"value", f.code}, {"url", rule_url(f.code)}}}};
  if (f.location) d["location"] = location_json(*f.location);
  json related = json::array();
  for (const auto& r : f.related) {
    if (!r.location) continue;  // a related location without a place has nothing to point at
    related.push_back(json{{"message", r.message}, {"location", location_json(*r.location)}});
  }
  if (!related.empty()) d["related_locations"] = std::move(related);
  return d;
}

std::string render_rdjson(const std::vector<finding>& findings) {
  json diagnostics = json::array();
  for (const auto& f : findings) diagnostics.push_back(rdjson_diagnostic(f));
  json doc{{"source", source_json()}, {"diagnostics", std::move(diagnostics)}};
  return dump(doc, 2) + "\n";
}

std::string render_rdjsonl(const std::vector<finding>& findings) {
  std::string out;
  for (const auto& f : findings) out += dump(rdjson_diagnostic(f), -1) + "\n";
  return out;
}

}  // namespace connplan::output
