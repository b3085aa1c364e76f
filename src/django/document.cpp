// The model in CONTRACTS.md §6's "django" shape. Beyond the contract's members, each file has:
// - "django_version": the target version the defaults follow;
// - "databases_source": where DATABASES was set (default: not set, the dummy backend);
// - "conn_max_age_history" items also carry "status", "how" (assign | dict | reset | delete),
//   "conditional", and "expr"/"reason" or "alternatives" like a value entry;
// - "database_extras": {alias: {"pool": {"enabled", "min_size", "max_size"} (value entries; null
//   without a pool or before 5.1), "startup_options": [{"name", "value"}] (OPTIONS["options"]
//   parsed), "startup_options_text" (its value entry), "definition" (where the alias was set)}};
// - "database_routers": DATABASE_ROUTERS as a value entry (default []);
// - "installed_apps_of_interest": {app: value entry (bool)} for channels, django_celery_beat,
//   django_celery_results, daphne.
// "settings" holds every other upper-case module name (secrets redacted).
#include "connplan/django.hpp"
#include "connplan/json_io.hpp"

namespace connplan::django {
namespace {

using nlohmann::json;

json history_json(const std::vector<conn_max_age_write>& history) {
  json out = json::array();
  for (const auto& w : history) {
    const auto& v = w.value;
    json item{{"value", v.status == value_status::unknown ? json(nullptr) : v.value},
              {"status", connplan::to_json(v)["status"]},
              {"source", connplan::to_json(v.origin)},
              {"how", w.how},
              {"conditional", w.conditional},
              {"effective", w.effective}};
    if (v.status == value_status::unknown) {
      item["expr"] = v.expr;
      item["reason"] = v.reason;
    }
    if (v.status == value_status::alternatives) item["alternatives"] = v.alternatives;
    out.push_back(std::move(item));
  }
  return out;
}

json extras_json(const database_alias& a) {
  json out = json::object();
  if (a.pool) {
    out["pool"] = json{{"enabled", connplan::to_json(a.pool->enabled)},
                       {"min_size", connplan::to_json(a.pool->min_size)},
                       {"max_size", connplan::to_json(a.pool->max_size)}};
  } else {
    out["pool"] = nullptr;
  }
  json options = json::array();
  for (const auto& o : a.startup_options)
    options.push_back(json{{"name", o.name}, {"value", o.value}});
  out["startup_options"] = std::move(options);
  out["startup_options_text"] =
      a.startup_options_text ? connplan::to_json(*a.startup_options_text) : json(nullptr);
  out["definition"] = connplan::to_json(a.definition);
  return out;
}

}  // namespace

inspected_file to_inspected_file(const settings_model& model) {
  inspected_file out;
  out.path = model.path;
  out.kind = "django";
  out.accepted = model.accepted;
  out.complete = model.complete;
  out.settings = model.settings;
  out.diagnostics = model.findings;
  json databases = json::object();
  json history = json::object();
  json extras = json::object();
  for (const auto& a : model.databases) {
    json keys = json::object();
    for (const auto& [key, entry] : a.keys) keys[key] = connplan::to_json(entry);
    databases[a.name] = std::move(keys);
    history[a.name] = history_json(a.conn_max_age_history);
    extras[a.name] = extras_json(a);
  }
  json apps = json::object();
  for (const auto& [app, entry] : model.installed_apps) apps[app] = connplan::to_json(entry);
  out.extra["django_version"] = model.version;
  out.extra["databases"] = std::move(databases);
  out.extra["databases_source"] = connplan::to_json(model.databases_entry.origin);
  out.extra["conn_max_age_history"] = std::move(history);
  out.extra["settings_chain"] = model.settings_chain;
  out.extra["database_extras"] = std::move(extras);
  out.extra["database_routers"] = connplan::to_json(model.routers);
  out.extra["installed_apps_of_interest"] = std::move(apps);
  return out;
}

}  // namespace connplan::django
