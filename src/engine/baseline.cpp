#include "engine/baseline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include <nlohmann/json.hpp>

namespace connplan::engine {
namespace {

using nlohmann::json;

constexpr int baseline_schema_version = 1;

std::variant<baseline_entry, std::string> parse_entry(const json& e, std::size_t index) {
  auto where = [&](std::string_view what) { return fmt::format("findings[{}]: {}", index, what); };
  if (!e.is_object()) return where("is not an object");
  baseline_entry out;
  auto fp = e.find("fingerprint");
  if (fp == e.end() || !fp->is_string() || fp->get_ref<const std::string&>().empty())
    return where("has no \"fingerprint\" string");
  out.fingerprint = fp->get<std::string>();
  // The other members are for people reading the file; when present they must have their type.
  for (auto [name, target] : {std::pair{"code", &out.code}, std::pair{"path", &out.path},
                              std::pair{"message", &out.message}}) {
    auto it = e.find(name);
    if (it == e.end() || it->is_null()) continue;
    if (!it->is_string()) return where(fmt::format("\"{}\" is not a string", name));
    *target = it->get<std::string>();
  }
  return out;
}

}  // namespace

std::string write_baseline(const std::vector<finding>& findings) {
  std::vector<baseline_entry> entries;
  for (const auto& f : findings) {
    entries.push_back(
        {fingerprint(f), f.code, f.location ? f.location->file : std::string(), f.message});
  }
  auto key = [](const baseline_entry& e) {
    return std::tie(e.path, e.code, e.fingerprint, e.message);
  };
  std::sort(entries.begin(), entries.end(),
            [&](const baseline_entry& a, const baseline_entry& b) { return key(a) < key(b); });
  json list = json::array();
  for (const auto& e : entries) {
    list.push_back(json{{"fingerprint", e.fingerprint},
                        {"code", e.code},
                        {"path", e.path.empty() ? json(nullptr) : json(e.path)},
                        {"message", e.message}});
  }
  // No "root" (an absolute path) and no timestamp: the file is committed and must not change
  // between machines or runs.
  json doc{{"schema_version", baseline_schema_version},
           {"kind", "baseline"},
           {"tool", {{"name", "connplan"}, {"version", CONNPLAN_VERSION}}},
           {"findings", std::move(list)}};
  return doc.dump(2) + "\n";
}

std::variant<baseline, std::string> parse_baseline(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return std::string("is not valid JSON");
  if (!doc.is_object()) return std::string("is not a JSON object");
  auto version = doc.find("schema_version");
  if (version == doc.end() || !version->is_number_integer())
    return std::string("has no integer \"schema_version\"");
  if (*version != baseline_schema_version) {
    return fmt::format("has schema_version {}, this connplan reads {}", version->dump(),
                       baseline_schema_version);
  }
  auto kind = doc.find("kind");
  if (kind == doc.end() || *kind != "baseline")
    return std::string("is not a connplan baseline (\"kind\" is not \"baseline\")");
  auto list = doc.find("findings");
  if (list == doc.end() || !list->is_array()) return std::string("has no \"findings\" array");
  baseline out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto entry = parse_entry((*list)[i], i);
    if (auto* problem = std::get_if<std::string>(&entry)) return *problem;
    out.entries.push_back(std::get<baseline_entry>(std::move(entry)));
  }
  return out;
}

baseline_outcome subtract_baseline(std::vector<finding> findings, const baseline& b) {
  std::map<std::string, int> left;
  for (const auto& e : b.entries) ++left[e.fingerprint];
  baseline_outcome out;
  for (auto& f : findings) {
    auto it = left.find(fingerprint(f));
    if (it != left.end() && it->second > 0) {
      --it->second;
      ++out.baselined;
    } else {
      out.kept.push_back(std::move(f));
    }
  }
  for (const auto& [fp, n] : left) out.stale += n;
  return out;
}

}  // namespace connplan::engine
