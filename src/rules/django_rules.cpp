// The registration list of the Django rules (CP2xx), in code order, and what they share.
#include "rules/django_rules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace connplan::rules {

std::span<const rule_entry> django_rules() {
  static constexpr std::array entries{
      rule_entry{"CP201", &check_cp201}, rule_entry{"CP202", &check_cp202},
      rule_entry{"CP203", &check_cp203}, rule_entry{"CP204", &check_cp204},
      rule_entry{"CP205", &check_cp205}, rule_entry{"CP206", &check_cp206},
      rule_entry{"CP207", &check_cp207}, rule_entry{"CP208", &check_cp208},
  };
  return entries;
}

namespace django_support {
namespace {

// `close_at = None if max_age is None else time.monotonic() + max_age`: None and any number but 0
// keep the connection (bool is an int in Python: True is 1).
std::optional<bool> keeps(const nlohmann::json& v) {
  if (v.is_null()) return true;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  return std::nullopt;  // a string, a list...: TypeError at connect (CP210)
}

}  // namespace

persistence persistence_of(const value_entry* e) {
  if (e == nullptr) return persistence::closes;  // Django's default 0
  if (e->status == value_status::unknown) return persistence::unknown;
  if (e->status == value_status::alternatives) {
    bool unknown = false;
    for (const auto& a : e->alternatives) {
      auto k = keeps(a);
      if (k == true) return persistence::persistent;
      if (!k) unknown = true;
    }
    return unknown ? persistence::unknown : persistence::closes;
  }
  auto k = keeps(e->value);
  if (!k) return persistence::unknown;
  return *k ? persistence::persistent : persistence::closes;
}

std::string python_text(const nlohmann::json& v) {
  if (v.is_null()) return "None";
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_string()) return "'" + v.get<std::string>() + "'";
  if (v.is_array()) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + python_text(v[i]);
    return s + "]";
  }
  if (v.is_object()) {
    std::string s = "{";
    bool first = true;
    for (const auto& [k, item] : v.items()) {
      s += fmt::format("{}'{}': {}", first ? "" : ", ", k, python_text(item));
      first = false;
    }
    return s + "}";
  }
  return v.dump();
}

std::string python_text(const value_entry& e) {
  if (e.status == value_status::unknown) return e.expr.empty() ? "an unknown value" : e.expr;
  if (e.status == value_status::alternatives) {
    std::string s;
    for (std::size_t i = 0; i < e.alternatives.size(); ++i)
      s += (i ? " or " : "") + python_text(e.alternatives[i]);
    return s;
  }
  return python_text(e.value);
}

std::optional<source_location> location_of(const source& s) {
  if (s.kind == source_kind::file || s.kind == source_kind::toml) return s.location;
  return std::nullopt;
}

std::optional<source_location> key_anchor(const django::database_alias& alias,
                                          std::string_view key) {
  if (const value_entry* e = alias.find(key)) {
    if (auto at = location_of(e->origin)) return at;
  }
  return location_of(alias.definition.origin);
}

bool version_at_least(std::string_view version, int major, int minor) {
  int a = 0, b = 0;
  if (std::sscanf(std::string(version).c_str(), "%d.%d", &a, &b) < 1) return false;
  return a > major || (a == major && b >= minor);
}

std::vector<const django::settings_model*> settings_models(const rule_context& ctx) {
  std::vector<const django::settings_model*> out;
  if (ctx.model == nullptr) return out;
  for (const auto& s : ctx.model->services) {
    if (s.django) out.push_back(&*s.django);
  }
  return out;
}

void add_once(std::vector<finding>& out, finding f) {
  for (const auto& g : out) {
    if (g.code == f.code && g.location == f.location && g.identity == f.identity &&
        g.message == f.message)
      return;
  }
  out.push_back(std::move(f));
}

bool per_cause::seen(const std::string& key, const std::string& service) {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] != key) continue;
    auto& services = items_[i].second;
    if (std::find(services.begin(), services.end(), service) == services.end())
      services.push_back(service);
    return true;
  }
  return false;
}

void per_cause::add(const std::string& key, finding f, const std::string& service) {
  keys_.push_back(key);
  items_.push_back({std::move(f), {service}});
}

void per_cause::flush(std::vector<finding>& out) {
  for (auto& [f, services] : items_) {
    if (services.size() == 1) {
      f.service = services.front();
    } else {
      f.notes.insert(f.notes.begin(), fmt::format("used by {}", fmt::join(services, ", ")));
    }
    add_once(out, std::move(f));
  }
  keys_.clear();
  items_.clear();
}

const loaded_pgbouncer* pgbouncer_of(const rule_context& ctx, const plan::alias_use& use) {
  if (ctx.model == nullptr || !use.via_pgbouncer) return nullptr;
  for (const auto& b : ctx.model->pgbouncers) {
    if (b.input.name == use.target && b.config) return &b;
  }
  return nullptr;
}

}  // namespace django_support
}  // namespace connplan::rules
