#include "output/sarif.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "connplan/rule_table.hpp"
#include "output/common.hpp"

namespace connplan::output {

using nlohmann::json;

namespace {

// A cut that does not split a UTF-8 sequence.
std::string cut(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) --end;
  text.resize(end);
  return text;
}

std::string_view level_of(severity s) {
  // SARIF's levels are none|note|warning|error (sarif-v2.1.0 §3.27.10): info is a note.
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "note";
  }
  return "warning";
}

json region_of(const span& s) {
  // GitHub marks all four members required and a result without a region fails its rule GH1003
  // (stackrox/kube-linter pkg/command/lint/sarif_format.go pins line 1); endColumn is the column
  // after the last character (sarif-v2.1.0 §3.30.6), our ends are inclusive.
  if (s.line == 0) return json{{"startLine", 1}};
  json r{{"startLine", s.line}, {"endLine", s.end_line}};
  if (s.column > 0) {
    r["startColumn"] = s.column;
    r["endColumn"] = s.end_column + 1;
  }
  return r;
}

json physical_location(const source_location& where) {
  span s = span_of(where);
  return json{{"artifactLocation", {{"uri", uri_path(s.file)}, {"uriBaseId", "%SRCROOT%"}}},
              {"region", region_of(s)}};
}

json rule_descriptor(const rule_info& rule, const rule_page_lookup& pages) {
  std::string_view page = pages ? pages(rule.code) : std::string_view();
  std::string url = rule_url(rule.code);
  std::string full = what_it_finds(page);
  if (full.empty()) full = std::string(rule.summary);
  // GitHub shows help.markdown instead of help.text and never shows helpUri, so the link is
  // repeated in the help (kube-linter does the same, sarif_format.go).
  std::string text = page.empty() ? std::string(rule.summary) : std::string(page);
  text += fmt::format("\n\nRule page: {}\n", url);
  return json{{"id", rule.code},
              {"name", rule.name},
              {"shortDescription", {{"text", cut(std::string(rule.summary), 1024)}}},
              {"fullDescription", {{"text", full}}},
              {"help", {{"text", text}, {"markdown", text}}},
              {"helpUri", url},
              {"defaultConfiguration", {{"level", level_of(rule.severity)}}},
              {"properties", {{"tags", json::array({rule.category})}}}};
}

}  // namespace

std::string what_it_finds(std::string_view page, std::size_t limit) {
  constexpr std::string_view heading = "## What it finds\n";
  std::size_t start = page.find(heading);
  if (start == std::string_view::npos) return {};
  start += heading.size();
  std::size_t end = page.find("\n## ", start);
  std::string_view body =
      page.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  std::string out;
  bool space = false;
  for (char c : body) {
    if (c == '\n' || c == ' ' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return cut(std::move(out), limit);
}

std::string uri_path(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string render_sarif(const sarif_input& in) {
  std::map<std::string_view, const rule_info*> used;
  for (const auto& f : in.findings) {
    if (const rule_info* rule = find_rule(f.code)) used.emplace(rule->code, rule);
  }
  json rules = json::array();
  std::map<std::string_view, int> index;
  for (const auto& [code, rule] : used) {
    index.emplace(code, static_cast<int>(rules.size()));
    rules.push_back(rule_descriptor(*rule, in.pages));
  }

  json results = json::array();
  for (const auto& f : in.findings) {
    json result{{"ruleId", f.code},
                {"level", level_of(f.severity)},
                {"message", {{"text", f.message}}},
                {"partialFingerprints", {{"connplanFingerprint/v1", fingerprint(f)}}}};
    if (auto it = index.find(f.code); it != index.end()) result["ruleIndex"] = it->second;
    // GitHub needs at least one location; a finding that involves no file (CONTRACTS §5) keeps an
    // empty array, which SARIF allows and GitHub skips.
    json locations = json::array();
    if (f.location) locations.push_back(json{{"physicalLocation", physical_location(*f.location)}});
    result["locations"] = std::move(locations);
    json related = json::array();
    json unplaced = json::array();
    for (const auto& r : f.related) {
      if (r.location) {
        related.push_back(json{{"id", related.size() + 1},
                               {"message", {{"text", r.message}}},
                               {"physicalLocation", physical_location(*r.location)}});
      } else {
        unplaced.push_back(r.message);
      }
    }
    if (!related.empty()) result["relatedLocations"] = std::move(related);
    json properties = json::object();
    if (!f.notes.empty()) properties["notes"] = f.notes;
    if (!unplaced.empty()) properties["related"] = std::move(unplaced);
    if (!f.service.empty()) properties["service"] = f.service;
    if (!properties.empty()) result["properties"] = std::move(properties);
    results.push_back(std::move(result));
  }

  std::string root = in.root.generic_string();
  if (root.empty() || root.back() != '/') root.push_back('/');
  json driver{{"name", tool_name},
              {"version", in.version},
              {"semanticVersion", in.version},
              {"informationUri", information_uri},
              {"rules", std::move(rules)}};
  json run{{"tool", {{"driver", std::move(driver)}}},
           {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + uri_path(root)}}}}},
           {"results", std::move(results)}};
  json log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
           {"version", "2.1.0"},
           {"runs", json::array({std::move(run)})}};
  // Invalid UTF-8 from an input file is replaced, never a throw (STYLE: bad input is data).
  return log.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace connplan::output
