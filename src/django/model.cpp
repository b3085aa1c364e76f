// build_model: the evaluated module read as Django reads a settings module.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "connplan/django.hpp"
#include "django/conn_max_age_type.hpp"
#include "django/defaults.hpp"
#include "django/history.hpp"
#include "django/options.hpp"
#include "django/unresolved.hpp"
#include "django/values.hpp"
#include "django/versions.hpp"

namespace connplan::django {
namespace {

using namespace detail;

// django/conf/__init__.py Settings.__init__: `if setting.isupper()` (Python's str.isupper: at
// least one cased character and no lower-case one).
bool is_setting_name(std::string_view name) {
  bool upper = false;
  for (unsigned char c : name) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) upper = true;
  }
  return upper;
}

// The per-alias keys whose value the planner and the rules need (issue 3: CP002 only for values
// that matter to connections or to a rule).
constexpr std::string_view keys_that_matter[] = {
    "ENGINE", "NAME", "HOST", "PORT", "USER", "CONN_MAX_AGE", "DISABLE_SERVER_SIDE_CURSORS"};

struct write_index {
  // Display location of the last store to each target path (joined with '\x1f').
  std::map<std::string, source_location> last;

  void add(const python::write_event& w) {
    std::string key;
    for (const auto& part : split_target(w.target)) key += part + '\x1f';
    last[key] = w.where;
  }
  [[nodiscard]] connplan::source find(std::initializer_list<std::string_view> path) const {
    std::string key;
    for (auto part : path) key += std::string(part) + '\x1f';
    auto it = last.find(key);
    return it == last.end() ? connplan::source::default_value()
                            : connplan::source::from_file(it->second);
  }
};

const value* global(const python::module_result& module, std::string_view name) {
  auto it = module.globals.find(std::string(name));
  return it == module.globals.end() ? nullptr : &it->second;
}

std::optional<source_location> file_location(const connplan::source& s) {
  if (s.kind == source_kind::file) return s.location;
  return std::nullopt;
}

// Is `app` in INSTALLED_APPS ("channels" or "channels.apps.ChannelsConfig")?
value_entry app_installed(const value* apps, std::string_view app, const connplan::source& at) {
  if (!apps) return value_entry::known(false, connplan::source::default_value());
  auto contains = [&](const value& list) -> std::optional<bool> {
    if (list.kind != value_kind::list && list.kind != value_kind::tuple &&
        list.kind != value_kind::set) {
      return std::nullopt;
    }
    bool unknown = false;
    for (const auto& item : list.items ? *list.items : std::vector<value>{}) {
      if (item.kind == value_kind::string &&
          (item.text == app || item.text.rfind(std::string(app) + ".", 0) == 0)) {
        return true;
      }
      if (!item.is_known()) unknown = true;
    }
    if (unknown) return std::nullopt;
    return false;
  };
  if (apps->kind == value_kind::alternatives) {
    value_entry e;
    e.status = value_status::alternatives;
    bool any = false;
    for (const auto& alt : apps->alternatives) {
      auto c = contains(alt);
      e.alternatives.push_back(c ? nlohmann::json(*c) : nlohmann::json(nullptr));
      any = any || c == true;
    }
    e.value = any;  // worst case: installed (it adds connections)
    e.origin = origin_or(*apps, at);
    return e;
  }
  auto c = contains(*apps);
  if (!c) {
    return value_entry::unknown(shown_expr(apps->expr, {}), "INSTALLED_APPS is not known in full",
                                origin_or(*apps, at));
  }
  return value_entry::known(*c, origin_or(*apps, at));
}

}  // namespace

const value_entry* database_alias::find(std::string_view key) const {
  auto it = keys.find(std::string(key));
  return it == keys.end() ? nullptr : &it->second;
}

const database_alias* settings_model::alias(std::string_view name) const {
  for (const auto& a : databases) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

settings_model build_model(const python::module_result& module, const model_options& options) {
  const version target = parse_version(options.version);
  settings_model m;
  m.version = target.text();
  m.path = module.path;
  m.complete = module.complete;
  m.settings_chain = module.chain;
  m.findings = module.findings;
  // Python refuses to import a module it cannot parse.
  m.accepted = module.complete && std::none_of(module.findings.begin(), module.findings.end(),
                                               [](const finding& f) { return f.code == "CP001"; });

  write_index writes;
  for (const auto& w : module.writes) writes.add(w);

  for (const auto& [name, v] : module.globals) {
    if (!is_setting_name(name) || name == "DATABASES" || v.kind == value_kind::module) continue;
    m.settings[name] = to_entry(v, name, writes.find({name}));
  }

  std::vector<finding> found;
  const connplan::source databases_at = writes.find({"DATABASES"});
  const value* databases = global(module, "DATABASES");
  std::optional<members> aliases;
  if (!databases) {
    // Django's global_settings.DATABASES = {} → the dummy backend (django/db/utils.py
    // configure_settings).
    m.databases_entry =
        value_entry::known(nlohmann::json::object(), connplan::source::default_value());
    aliases = members{};
  } else {
    m.databases_entry = to_entry(*databases, "DATABASES", databases_at);
    aliases = as_members(*databases);
    if (!aliases) {
      if (!databases->is_known() && databases->kind != value_kind::alternatives) {
        found.push_back(unresolved_finding("DATABASES", "DATABASES", *databases, databases_at));
      }
    }
  }

  if (aliases) {
    if (aliases->empty()) {
      // `if databases == {}: databases[DEFAULT_DB_ALIAS] = {"ENGINE": "django.db.backends.dummy"}`
      aliases->emplace_back("default", value{});
      aliases->back().second.kind = value_kind::dict;
      aliases->back().second.dict = std::make_shared<python::dict_object>();
    } else if (std::none_of(aliases->begin(), aliases->end(),
                            [](const auto& a) { return a.first == "default"; })) {
      // configure_settings: ImproperlyConfigured("You must define a 'default' database.") the
      // first time the connections are used: CP211 (added after CONTRACTS §11, docs/decisions.md).
      m.accepted = false;
      auto f =
          make_finding("CP211",
                       "DATABASES has no 'default' alias: Django raises ImproperlyConfigured: "
                       "You must define a 'default' database.",
                       file_location(origin_or(*databases, databases_at)), "DATABASES.default");
      f.notes.push_back("name one alias 'default'");
      found.push_back(std::move(f));
    }

    for (const auto& [name, alias_value] : *aliases) {
      database_alias a;
      a.name = name;
      connplan::source alias_at = writes.find({"DATABASES", name});
      if (alias_at.kind == source_kind::default_value) alias_at = databases_at;
      a.definition = to_entry(alias_value, name, alias_at);
      a.definition.value = nullptr;  // the keys carry the values; this entry carries the source
      auto alias_members = as_members(alias_value, &common_default);
      if (!alias_members) {
        if (!alias_value.is_known()) {
          found.push_back(unresolved_finding(fmt::format("DATABASES['{}']", name),
                                             fmt::format("DATABASES.{}", name), alias_value,
                                             alias_at));
        }
        m.databases.push_back(std::move(a));
        continue;
      }
      std::set<std::string> written;
      for (const auto& [key, v] : *alias_members) {
        if (v.kind != value_kind::absent) written.insert(key);
      }
      members filled = with_defaults(std::move(*alias_members), target);
      const value* engine = nullptr;
      const value* options_value = nullptr;
      const value* conn_max_age = nullptr;
      for (const auto& [key, v] : filled) {
        connplan::source key_at = writes.find({"DATABASES", name, key});
        if (key_at.kind == source_kind::default_value) key_at = alias_at;
        // What Django fills in has a "default" source (ENGINE too when Django replaced an empty
        // one by the dummy backend).
        bool filled_by_django = !written.count(key) ||
                                (key == "ENGINE" && v.origin.kind == source_kind::default_value &&
                                 is_string(v) && v.text == dummy_engine);
        a.keys[key] = filled_by_django ? to_entry(v, key, connplan::source::default_value())
                                       : to_entry(v, key, key_at);
        if (key == "ENGINE") engine = &v;
        if (key == "OPTIONS") options_value = &v;
        if (key == "CONN_MAX_AGE") conn_max_age = &v;
        bool matters = std::find(std::begin(keys_that_matter), std::end(keys_that_matter), key) !=
                       std::end(keys_that_matter);
        if (matters && v.kind == value_kind::unknown) {
          found.push_back(unresolved_finding(fmt::format("DATABASES['{}']['{}']", name, key),
                                             fmt::format("DATABASES.{}.{}", name, key), v, key_at));
        }
      }
      if (conn_max_age) {
        connplan::source at = writes.find({"DATABASES", name, "CONN_MAX_AGE"});
        if (at.kind == source_kind::default_value) at = alias_at;
        if (auto f = check_conn_max_age_type(name, *conn_max_age, at)) found.push_back(*f);
        a.conn_max_age_history = conn_max_age_history(module.writes, name, *conn_max_age);
      }
      if (options_value && engine) {
        auto analysis =
            analyse_options(name, *options_value, *engine, target, a.keys["OPTIONS"].origin);
        a.pool = std::move(analysis.pool);
        a.startup_options_text = std::move(analysis.startup_options_text);
        a.startup_options = std::move(analysis.startup_options);
        for (auto& f : analysis.findings) found.push_back(std::move(f));
      }
      m.databases.push_back(std::move(a));
    }
  }

  const value* routers = global(module, "DATABASE_ROUTERS");
  m.routers = routers
                  ? to_entry(*routers, "DATABASE_ROUTERS", writes.find({"DATABASE_ROUTERS"}))
                  : value_entry::known(nlohmann::json::array(), connplan::source::default_value());
  const value* apps = global(module, "INSTALLED_APPS");
  for (auto app : apps_of_interest) {
    m.installed_apps[std::string(app)] = app_installed(apps, app, writes.find({"INSTALLED_APPS"}));
  }

  // CP002 once per value: the same expression may feed several keys or aliases.
  std::set<std::pair<std::string, std::string>> seen;
  for (auto& f : found) {
    std::string where = f.location ? fmt::format("{}:{}:{}", f.location->file,
                                                 f.location->begin.line, f.location->begin.column)
                                   : f.identity;
    if (f.code == "CP002" && !seen.insert({f.code, where}).second) continue;
    m.findings.push_back(std::move(f));
  }
  std::stable_sort(m.findings.begin(), m.findings.end(), canonical_less);
  return m;
}

}  // namespace connplan::django
