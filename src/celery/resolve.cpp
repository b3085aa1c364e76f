#include "celery/resolve.hpp"

#include "pyeval/values.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "celery/names.hpp"

namespace connplan::celery::detail {
namespace {

using python::value;
using python::value_kind;

// One of ConfigurationView's maps: name → value, with the raw setting for locations.
using map_t = std::map<std::string, setting_value, std::less<>>;

setting_value from_raw(const raw_setting& r) {
  setting_value v;
  v.value = r.value;
  // A value read from the environment cites the variable; anything else the statement.
  v.origin = r.value.origin.kind == connplan::source_kind::env
                 ? r.value.origin
                 : connplan::source::from_file(r.where);
  v.written_as = r.name;
  v.conditional = r.conditional;
  return v;
}

value json_to_value(const nlohmann::json& j);

value make(value_kind kind) {
  value v;
  v.kind = kind;
  return v;
}

// Defaults come from the catalogue as JSON; the lookup works on python values.
value json_to_value(const nlohmann::json& j) {
  if (j.is_null()) return make(value_kind::none);
  if (j.is_boolean()) {
    value v = make(value_kind::boolean);
    v.boolean = j.get<bool>();
    return v;
  }
  if (j.is_number_integer()) {
    value v = make(value_kind::integer);
    v.integer = j.get<std::int64_t>();
    return v;
  }
  if (j.is_number()) {
    value v = make(value_kind::floating);
    v.floating = j.get<double>();
    return v;
  }
  if (j.is_string()) {
    value v = make(value_kind::string);
    v.text = j.get<std::string>();
    return v;
  }
  if (j.is_array()) {
    value v = make(value_kind::list);
    v.items = std::make_shared<std::vector<value>>();
    for (const auto& e : j) v.items->push_back(json_to_value(e));
    return v;
  }
  value v = make(value_kind::dict);
  v.dict = std::make_shared<python::dict_object>();
  for (const auto& [k, e] : j.items()) {
    value key = make(value_kind::string);
    key.text = k;
    v.dict->entries.push_back({key, json_to_value(e)});
  }
  return v;
}

// Python truthiness where it is known; unknown values count as set (the planner sees them).
bool truthy(const value& v) {
  return python::detail::truthiness(v).value_or(true);
}

// Merges the values a conditional change may or may not leave behind.
value either(const value& a, const value& b) {
  value out = make(value_kind::alternatives);
  for (const value* v : {&a, &b}) {
    if (v->kind == value_kind::alternatives) {
      for (const auto& x : v->alternatives) out.alternatives.push_back(x);
    } else {
      out.alternatives.push_back(*v);
    }
  }
  out.expr = a.expr.empty() ? b.expr : a.expr;
  return out;
}

std::string match_case(std::string s, std::string_view like) {
  bool up = is_upper_name(like);
  for (auto& c : s) {
    auto u = static_cast<unsigned char>(c);
    c = static_cast<char>(up ? std::toupper(u) : std::tolower(u));
  }
  return s;
}

class lookup {
 public:
  lookup(const catalogue& cat, std::vector<map_t> maps, const std::optional<std::string>& prefix)
      : cat_(cat), maps_(std::move(maps)) {
    if (prefix) prefix_ = *prefix + "_";
  }

  // ConfigurationView.__getitem__(key): the prefixed key, the key, then the converted keys
  // (keys=(_old_key_to_new, _new_key_to_old)), each through every map in order. nullopt: KeyError.
  // A change made inside a branch whose condition is unknown may not happen: its value is then
  // one of the alternatives, the other being what the lookup finds without it.
  [[nodiscard]] std::optional<setting_value> get(std::string_view key) const {
    std::optional<setting_value> pending;
    for (const auto& k : keys(key)) {
      for (const auto& m : maps_) {
        auto it = m.find(k);
        if (it == m.end()) continue;
        const setting_value& found = it->second;
        if (!pending) {
          pending = found;
        } else {
          pending->value = either(pending->value, found.value);
        }
        if (!found.conditional) {
          if (pending->value.kind == value_kind::alternatives) pending->conditional = true;
          return pending;
        }
      }
    }
    return pending;
  }

 private:
  std::vector<std::string> keys(std::string_view key) const {
    std::vector<std::string> out;
    if (!prefix_.empty()) {
      std::string pkey =
          key.substr(0, prefix_.size()) == prefix_ ? std::string(key) : prefix_ + std::string(key);
      out.push_back(match_case(std::move(pkey), prefix_));
    }
    out.emplace_back(key);
    const option* by_old = cat_.find_old(key);
    out.push_back(by_old ? std::string(by_old->name) : std::string(key));
    const option* by_new = cat_.find(key);
    out.push_back(by_new ? std::string(by_new->old_name) : std::string(key));
    return out;
  }

  const catalogue& cat_;
  std::vector<map_t> maps_;
  std::string prefix_;
};

// Adds a change to a map; a conditional change over an existing entry leaves either value.
void put(map_t& m, const std::string& key, setting_value v) {
  auto it = m.find(key);
  if (it != m.end() && v.conditional) {
    v.value = either(v.value, it->second.value);
    v.conditional = it->second.conditional;
  }
  m.insert_or_assign(key, std::move(v));
}

std::string join_renames(const std::vector<std::pair<std::string, std::string>>& renames) {
  std::string out;
  for (const auto& [from, to] : renames) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} -> {}", from, to);
  }
  return out;
}

bool is_import_like(const value& v) {
  return v.kind == value_kind::module || v.kind == value_kind::callable;
}

}  // namespace

resolution resolve(const resolve_input& in) {
  const catalogue& cat = *in.cat;
  resolution out;

  // 1. detect_settings: which names the config object (or, without one, the changes) uses.
  const std::vector<raw_setting>& source = in.conf ? *in.conf : in.changes;
  std::map<std::string, const raw_setting*, std::less<>> have;
  for (const auto& r : source) {
    if (!in.auto_set.contains(r.name)) have.insert_or_assign(r.name, &r);
  }
  std::vector<const raw_setting*> in_new;
  std::vector<const raw_setting*> in_old;
  for (const auto& [name, r] : have) {
    if (cat.find(name) != nullptr) in_new.push_back(r);
    if (cat.find_old(name) != nullptr) in_old.push_back(r);
  }
  // A tie keeps the new names (celery/app/utils.py: old wins only with a strict majority).
  out.old_style = !in.prefix && !in_old.empty() && in_old.size() > in_new.size();
  std::vector<const raw_setting*> left = in.prefix       ? std::vector<const raw_setting*>{}
                                         : out.old_style ? in_new
                                                         : in_old;
  std::vector<std::pair<std::string, std::string>> renames;
  std::vector<const raw_setting*> refused;
  for (const raw_setting* r : left) {
    // Only names whose counterpart is not also set are refused.
    std::string counterpart = out.old_style ? std::string(cat.find(r->name)->old_name)
                                            : std::string(cat.find_old(r->name)->name);
    if (have.contains(counterpart)) continue;
    renames.emplace_back(r->name, counterpart);
    refused.push_back(r);
  }
  if (!refused.empty()) {
    out.accepted = false;
    std::sort(refused.begin(), refused.end(), [](const raw_setting* a, const raw_setting* b) {
      return std::tie(a->where.begin.line, a->where.begin.column) <
             std::tie(b->where.begin.line, b->where.begin.column);
    });
    std::string message =
        out.old_style ? fmt::format(
                            "cannot mix new setting names with old setting names, please rename "
                            "the following settings to use the old format: {}",
                            join_renames(renames))
                      : fmt::format(
                            "cannot mix new and old setting keys, please rename the following "
                            "settings to the new format: {}",
                            join_renames(renames));
    finding f =
        make_finding("CP402", std::move(message), refused.front()->where, "celery.mixed-styles");
    for (std::size_t i = 1; i < refused.size(); ++i) {
      f.related.push_back({refused[i]->where, fmt::format("\"{}\" is set here", refused[i]->name)});
    }
    f.notes.push_back(
        fmt::format("celery reads this file with the {} names ({} of them against {}) and raises "
                    "ImproperlyConfigured for the others",
                    out.old_style ? "old upper-case" : "new lower-case",
                    out.old_style ? in_old.size() : in_new.size(),
                    out.old_style ? in_new.size() : in_old.size()));
    out.findings.push_back(std::move(f));
  }

  // 2. The maps of Settings(preconf, [conf, defaults]): the changes converted to the chosen
  //    style, the config object, the defaults of that style.
  map_t changes;
  for (const auto& r : in.changes) {
    std::string key = r.name;
    if (out.old_style) {
      if (const option* o = cat.find(key)) key = std::string(o->old_name);
    } else if (const option* o = cat.find_old(key)) {
      key = std::string(o->name);
    }
    put(changes, key, from_raw(r));
  }
  map_t conf;
  if (in.conf) {
    for (const auto& r : *in.conf) put(conf, r.name, from_raw(r));
  }
  map_t defaults;
  for (const auto& o : cat.options()) {
    setting_value d;
    d.value = json_to_value(cat.default_of(o));
    d.is_default = true;
    d.origin = connplan::source::default_value();
    defaults.emplace(std::string(out.old_style ? o.old_name : o.name), std::move(d));
  }
  lookup view(cat, {changes, conf, defaults}, in.prefix);

  // 3. Every setting through the lookup, then Settings' properties (celery/app/utils.py).
  for (const auto& o : cat.options()) {
    if (auto v = view.get(o.name)) out.values[std::string(o.name)] = std::move(*v);
  }
  auto env_value = [&](const std::string& name) -> std::optional<setting_value> {
    auto it = in.env.find(name);
    if (it == in.env.end() || it->second.empty()) return std::nullopt;  // `os.environ.get() or`
    setting_value v;
    v.value = make(value_kind::string);
    v.value.text = it->second;
    v.origin = connplan::source::env(name);
    v.written_as = name;
    return v;
  };
  auto first = [&](std::initializer_list<std::string_view> keys) -> std::optional<setting_value> {
    std::optional<setting_value> fallback;
    for (auto k : keys) {
      auto v = view.get(k);
      if (!v) continue;
      if (v->value.kind != value_kind::none) return v;
      if (!fallback) fallback = v;
    }
    return fallback;
  };
  auto assign = [&](std::string_view name, std::optional<setting_value> v) {
    if (v && cat.find(name) != nullptr) out.values[std::string(name)] = std::move(*v);
  };
  std::optional<setting_value> broker = env_value("CELERY_BROKER_URL");
  if (!broker) broker = first({"broker_url", "broker_host"});
  assign("broker_url", broker);
  for (auto [name, var] : {std::pair{"broker_read_url", "CELERY_BROKER_READ_URL"},
                           std::pair{"broker_write_url", "CELERY_BROKER_WRITE_URL"}}) {
    std::optional<setting_value> v = env_value(var);
    if (!v) {
      v = view.get(name);
      if (!v || !truthy(v->value)) v = broker;  // `... or self.broker_url`
    }
    assign(name, v);
  }
  std::optional<setting_value> backend = env_value("CELERY_RESULT_BACKEND");
  if (!backend) backend = first({"result_backend", "CELERY_RESULT_BACKEND"});
  assign("result_backend", backend);
  assign("task_default_exchange", first({"task_default_exchange", "task_default_queue"}));
  assign("task_default_routing_key", first({"task_default_routing_key", "task_default_queue"}));

  // 4. Old names: used when the value Celery reads for their new name is theirs.
  auto note_old = [&](const raw_setting& r, bool from_conf) {
    const option* o = cat.find_old(r.name);
    if (o == nullptr) return;
    const setting_value& v = out.values[std::string(o->name)];
    bool used = v.written_as == r.name && v.origin == from_raw(r).origin;
    out.old_names.push_back(
        {r.name, std::string(o->name), used, connplan::source::from_file(r.where)});
    if (from_conf && in.prefix && unprefix(cat, *in.prefix + "_", r.name) == nullptr) {
      std::string wanted = prefixed(*in.prefix + "_", o->name);
      finding f = make_finding(
          "CP405",
          fmt::format("old setting name \"{}\" is ignored: with namespace \"{}\" celery reads "
                      "\"{}\"",
                      r.name, *in.prefix, wanted),
          r.where, "celery." + r.name);
      f.notes.push_back(fmt::format("rename it to {} ({})", wanted, o->name));
      out.findings.push_back(std::move(f));
    }
  };
  if (in.conf) {
    std::set<std::string> seen;
    for (const auto& r : *in.conf) {
      if (seen.insert(r.name).second) note_old(r, true);
    }
  }
  for (const auto& r : in.changes) note_old(r, false);

  // 5. Names Celery never reads (CP401).
  auto suggestion = [&](std::string_view name) -> std::optional<std::string> {
    std::vector<std::string> candidates;
    for (const auto& o : cat.options()) {
      if (in.prefix) {
        candidates.push_back(prefixed(*in.prefix + "_", o.name));
      } else if (is_upper_name(name)) {
        candidates.emplace_back(o.old_name);
      } else {
        candidates.emplace_back(o.name);
      }
    }
    auto hit = did_you_mean(name, candidates);
    // An old name suggested for a file written in new names would be refused: give the new one.
    if (hit && !in.prefix && is_upper_name(name) && !out.old_style) {
      hit = std::string(cat.find_old(*hit)->name);
    }
    return hit;
  };
  auto unknown = [&](const raw_setting& r) {
    finding f =
        make_finding("CP401", fmt::format("unknown celery setting \"{}\" is ignored", r.name),
                     r.where, "celery." + r.name);
    if (auto hit = suggestion(r.name)) f.notes.push_back(fmt::format("did you mean \"{}\"?", *hit));
    out.findings.push_back(std::move(f));
  };
  auto known = [&](std::string_view name) {
    return cat.find(name) != nullptr || cat.find_old(name) != nullptr ||
           (in.prefix && unprefix(cat, *in.prefix + "_", name) != nullptr);
  };
  if (in.conf) {
    std::set<std::string> seen;
    for (const auto& r : *in.conf) {
      if (!seen.insert(r.name).second || known(r.name) || is_import_like(r.value)) continue;
      if (in.helper_names.contains(r.name)) continue;
      bool report = false;
      if (in.prefix && is_upper_name(r.name)) {
        report = r.name.rfind(*in.prefix + "_", 0) == 0;
      } else if (!in.conf_is_django) {
        report = looks_like_setting(cat, r.name);
      }
      if (report) unknown(r);
    }
  }
  for (const auto& r : in.changes) {
    if (!known(r.name) && !in.auto_set.contains(r.name)) unknown(r);
  }
  return out;
}

}  // namespace connplan::celery::detail
