#include "connplan/json_io.hpp"

#include "connplan/rule_table.hpp"

namespace connplan {

using nlohmann::json;

json to_json(const source_location& where) {
  return json{{"file", where.file},
              {"line", where.begin.line},
              {"column", where.begin.column},
              {"end_line", where.end.line},
              {"end_column", where.end.column}};
}

json to_json(const source& from) {
  switch (from.kind) {
    case source_kind::file:
      return json{{"kind", "file"},
                  {"file", from.location.file},
                  {"line", from.location.begin.line},
                  {"column", from.location.begin.column}};
    case source_kind::default_value:
      return json{{"kind", "default"}};
    case source_kind::assumed:
      return json{{"kind", "assumed"}, {"reason", from.detail}};
    case source_kind::env:
      return json{{"kind", "env"}, {"name", from.detail}};
    case source_kind::toml:
      return json{
          {"kind", "toml"}, {"file", from.location.file}, {"line", from.location.begin.line}};
  }
  return json{{"kind", "default"}};
}

json to_json(const value_entry& entry) {
  json out{{"value", entry.status == value_status::unknown ? json(nullptr) : entry.value},
           {"unit", entry.unit ? json(*entry.unit) : json(nullptr)},
           {"source", to_json(entry.origin)}};
  switch (entry.status) {
    case value_status::known:
      out["status"] = "known";
      break;
    case value_status::unknown:
      out["status"] = "unknown";
      out["expr"] = entry.expr;
      out["reason"] = entry.reason;
      break;
    case value_status::alternatives:
      out["status"] = "alternatives";
      out["alternatives"] = entry.alternatives;
      break;
  }
  return out;
}

json to_json(const finding& f) {
  json related = json::array();
  for (const auto& r : f.related) {
    related.push_back(json{{"location", r.location ? to_json(*r.location) : json(nullptr)},
                           {"message", r.message}});
  }
  const rule_info* rule = find_rule(f.code);
  json out{{"code", f.code},
           {"name", rule != nullptr ? rule->name : std::string_view()},
           {"severity", to_string(f.severity)},
           {"message", f.message},
           {"location", f.location ? to_json(*f.location) : json(nullptr)},
           {"related", std::move(related)},
           {"notes", f.notes},
           {"fingerprint", fingerprint(f)}};
  out["service"] = f.service.empty() ? json(nullptr) : json(f.service);
  return out;
}

json to_json(const inspected_file& file) {
  json settings = json::object();
  for (const auto& [name, entry] : file.settings) settings[name] = to_json(entry);
  json shadowed = json::array();
  for (const auto& s : file.shadowed) {
    shadowed.push_back(json{{"name", s.name}, {"value", s.value}, {"source", to_json(s.origin)}});
  }
  json diagnostics = json::array();
  for (const auto& d : file.diagnostics) diagnostics.push_back(to_json(d));
  json out{{"path", file.path},
           {"kind", file.kind},
           {"accepted", file.accepted},
           {"complete", file.complete},
           {"settings", std::move(settings)},
           {"shadowed", std::move(shadowed)},
           {"diagnostics", std::move(diagnostics)}};
  for (const auto& [key, value] : file.extra.items()) out[key] = value;
  return out;
}

}  // namespace connplan
