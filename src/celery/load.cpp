// The Celery model of one file: which kind of source it is, what it names, and Celery's reading
// of the result (resolve.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "celery/catalogue.hpp"
#include "celery/names.hpp"
#include "celery/resolve.hpp"
#include "celery/sources.hpp"
#include "celery/values.hpp"
#include "connplan/celery.hpp"
#include "connplan/error.hpp"
#include "connplan/json_io.hpp"
#include "connplan/python/parse.hpp"
#include "connplan/redact.hpp"

namespace connplan::celery {
namespace {

using detail::raw_setting;
using python::value;
using python::value_kind;

// The settings that decide how many connections a worker or beat opens (domain.md §3, §7.2):
// always reported, defaults included, and CP002 when unknown.
constexpr std::string_view connection_settings[] = {"worker_concurrency",
                                                    "worker_pool",
                                                    "worker_max_tasks_per_child",
                                                    "worker_max_memory_per_child",
                                                    "worker_prefetch_multiplier",
                                                    "broker_url",
                                                    "broker_pool_limit",
                                                    "result_backend",
                                                    "database_engine_options",
                                                    "database_short_lived_sessions",
                                                    "beat_scheduler",
                                                    "worker_autoscaler",
                                                    "task_always_eager"};

// Of those, the ones the planner's arithmetic reads: an unknown value there is CP002.
constexpr std::string_view planner_settings[] = {
    "worker_concurrency", "worker_pool",    "worker_autoscaler",       "broker_url",
    "broker_pool_limit",  "result_backend", "database_engine_options", "beat_scheduler",
    "task_always_eager"};

bool is_one_of(std::string_view name, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Where dotted names are looked up: options.python_path, else the root and the inspected file's
// directory with its parents up to the root (a celery.py usually sits in the project package).
std::vector<std::filesystem::path> import_roots(const std::filesystem::path& file,
                                                const inspect_options& options) {
  if (!options.python_path.empty()) return options.python_path;
  std::vector<std::filesystem::path> roots{options.root.dir};
  std::filesystem::path dir = std::filesystem::absolute(file).lexically_normal().parent_path();
  while (!dir.empty()) {
    if (std::find(roots.begin(), roots.end(), dir) == roots.end()) roots.push_back(dir);
    if (dir == options.root.dir || !options.root.contains(dir) || dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return roots;
}

python::evaluate_options evaluation(const inspect_options& options,
                                    std::vector<std::filesystem::path> roots) {
  python::evaluate_options e;
  e.root = options.root;
  e.python_path = std::move(roots);
  e.env = options.env;
  e.cpus = options.cpus;
  e.reader = options.reader;
  e.limits = options.limits;
  return e;
}

python::module parse_tree(const std::filesystem::path& file, const std::string& shown,
                          const inspect_options& options) {
  read_result r = options.reader(file, options.limits);
  if (auto* text = std::get_if<std::string>(&r)) {
    return python::parse_module(*text, shown).module;
  }
  python::module empty;
  empty.name = shown;
  empty.source = std::make_shared<const std::string>();
  return empty;
}

// The result of reading the object given to config_from_object.
struct config_read {
  std::optional<std::vector<raw_setting>> keys;  // nullopt: could not be read
  bool django = false;
  std::string what;    // "django.conf:settings (pydotorg.settings.local)"
  std::string reason;  // why it could not be read
};

class loader {
 public:
  loader(const std::filesystem::path& file, const inspect_options& options, model& out)
      : options_(options), out_(out), roots_(import_roots(file, options)) {}

  // The evaluator imports as Python would from the project root (`celery -A proj` runs there):
  // the inspected file's own directory is not on sys.path, or `from celery import Celery` in
  // proj/celery.py would import the file itself.
  python::module_result evaluate(const std::filesystem::path& file) {
    std::vector<std::filesystem::path> roots = options_.python_path;
    if (roots.empty()) roots.push_back(options_.root.dir);
    python::module_result m = python::evaluate_file(file, evaluation(options_, std::move(roots)));
    for (const auto& f : m.chain) {
      if (std::find(out_.files.begin(), out_.files.end(), f) == out_.files.end())
        out_.files.push_back(f);
    }
    out_.diagnostics.insert(out_.diagnostics.end(), m.findings.begin(), m.findings.end());
    if (!m.complete) out_.complete = false;
    return m;
  }

  config_read read_module(std::string_view dotted, std::string_view attribute) {
    config_read out;
    out.what = std::string(dotted);
    auto path = detail::find_module_file(dotted, roots_);
    if (!path) {
      out.reason = fmt::format("module {} is not found under the import roots", dotted);
      return out;
    }
    python::module_result m = evaluate(*path);
    if (attribute.empty()) {
      out.keys = detail::module_keys(m, false);
      return out;
    }
    auto it = m.globals.find(std::string(attribute));
    if (it == m.globals.end() || !it->second.dict) {
      out.reason =
          fmt::format("{}:{} is not a class or object connplan can read", dotted, attribute);
      return out;
    }
    out.keys = detail::class_keys(it->second, source_location{m.path, {}, {}});
    return out;
  }

  config_read read_django(const detail::app_setup& app) {
    config_read out;
    out.django = true;
    out.what = "django.conf:settings";
    std::string dotted;
    if (auto it = options_.env.find("DJANGO_SETTINGS_MODULE"); it != options_.env.end()) {
      dotted = it->second;  // os.environ.setdefault keeps a value already in the environment
    } else if (app.django_settings_module &&
               app.django_settings_module->kind == value_kind::string) {
      dotted = app.django_settings_module->text;
    } else {
      out.reason =
          app.django_settings_module
              ? fmt::format("DJANGO_SETTINGS_MODULE is {} ({})", app.django_settings_module->expr,
                            app.django_settings_module->reason)
              : "DJANGO_SETTINGS_MODULE is not set (pass --env DJANGO_SETTINGS_MODULE=...)";
      return out;
    }
    out.what = fmt::format("django.conf:settings ({})", dotted);
    auto path = detail::find_module_file(dotted, roots_);
    if (!path) {
      out.reason = fmt::format("settings module {} is not found under the import roots", dotted);
      return out;
    }
    out.keys = detail::module_keys(evaluate(*path), true);
    return out;
  }

  config_read read_source(const value& obj, const detail::app_setup& app) {
    if (obj.kind == value_kind::string) {
      if (obj.text == "django.conf:settings") return read_django(app);
      auto colon = obj.text.find(':');
      if (colon != std::string::npos) {
        return read_module(std::string_view(obj.text).substr(0, colon),
                           std::string_view(obj.text).substr(colon + 1));
      }
      return read_module(obj.text, "");
    }
    if ((obj.kind == value_kind::module || obj.kind == value_kind::object) &&
        (obj.text == "django.conf.settings" || obj.text == "django.conf:settings")) {
      return read_django(app);
    }
    if (obj.kind == value_kind::module) return read_module(obj.text, "");
    if ((obj.kind == value_kind::callable || obj.kind == value_kind::object) && obj.dict) {
      config_read out;
      out.what = obj.text;
      out.keys = detail::class_keys(obj, app.config_where);
      return out;
    }
    config_read out;
    out.what = obj.expr.empty() ? obj.text : obj.expr;
    out.reason = obj.kind == value_kind::unknown ? obj.reason : "not an object connplan can read";
    return out;
  }

 private:
  const inspect_options& options_;
  model& out_;
  std::vector<std::filesystem::path> roots_;
};

value_entry* field(model& m, std::string_view name) {
  static const std::pair<std::string_view, value_entry model::*> fields[] = {
      {"worker_concurrency", &model::worker_concurrency},
      {"worker_pool", &model::worker_pool},
      {"worker_max_tasks_per_child", &model::worker_max_tasks_per_child},
      {"worker_max_memory_per_child", &model::worker_max_memory_per_child},
      {"worker_prefetch_multiplier", &model::worker_prefetch_multiplier},
      {"worker_autoscaler", &model::worker_autoscaler},
      {"broker_url", &model::broker_url},
      {"broker_pool_limit", &model::broker_pool_limit},
      {"result_backend", &model::result_backend},
      {"database_engine_options", &model::database_engine_options},
      {"database_short_lived_sessions", &model::database_short_lived_sessions},
      {"beat_scheduler", &model::beat_scheduler},
      {"task_always_eager", &model::task_always_eager},
  };
  for (const auto& [n, member] : fields) {
    if (n == name) return &(m.*member);
  }
  return nullptr;
}

finding unresolved(std::string_view name, const value_entry& e, const std::string& path) {
  std::optional<source_location> where;
  if (e.origin.kind == connplan::source_kind::file) where = e.origin.location;
  if (!where) where = source_location{path, {}, {}};
  finding f = make_finding(
      "CP002",
      fmt::format("{} cannot be known without running the configuration: {}", name, e.reason),
      where, "celery." + std::string(name));
  if (!e.expr.empty()) f.notes.push_back(fmt::format("expression: {}", e.expr));
  f.notes.push_back(
      "give the environment it reads with --env NAME=VALUE, or the CPU count with --assume cpus=N");
  return f;
}

}  // namespace

std::string_view to_string(source_kind kind) {
  switch (kind) {
    case source_kind::config_module:
      return "config_module";
    case source_kind::app_module:
      return "app_module";
    case source_kind::django_settings:
      return "django_settings";
  }
  return "config_module";
}

std::span<const std::string_view> versions() {
  return detail::known_versions();
}

model load(const std::filesystem::path& file, const inspect_options& options) {
  std::string version = options.celery_version.empty() ? std::string(detail::newest_version())
                                                       : options.celery_version;
  const detail::catalogue* cat = detail::catalogue_for(version);
  if (cat == nullptr) {
    throw connplan::error(fmt::format("unknown Celery version \"{}\" (known: 5.2 … 5.6)", version));
  }
  model out;
  out.path = options.root.display(file);
  out.version = version;
  loader read(file, options, out);
  python::module_result m = read.evaluate(file);
  python::module tree = parse_tree(file, out.path, options);

  detail::resolve_input in;
  in.cat = cat;
  in.env = options.env;
  std::vector<raw_setting> keys = detail::module_keys(m, false);
  detail::app_setup app = detail::read_app(m, tree);
  std::optional<config_read> source;
  if (app.has_app) {
    out.kind = source_kind::app_module;
    out.app_name = detail::to_entry(
        "main", {app.main_name, connplan::source::from_file(app.main_where), {}, false, false});
    in.changes = app.changes;
    in.auto_set = app.auto_set;
    if (app.namespace_name) {
      std::string ns = *app.namespace_name;
      while (!ns.empty() && ns.back() == '_') ns.pop_back();  // `prefix.rstrip('_') + '_'`
      if (!ns.empty()) in.prefix = ns;
    }
    if (app.config_source) {
      source = read.read_source(*app.config_source, app);
      in.conf = source->keys ? *source->keys : std::vector<raw_setting>{};
      in.conf_is_django = source->django;
    }
  } else if (detail::looks_like_django_settings(keys, *cat)) {
    out.kind = source_kind::django_settings;
    in.conf = detail::module_keys(m, true);
    in.conf_is_django = true;
    in.prefix = "CELERY";
    out.notes.push_back(
        "read as Django settings loaded by app.config_from_object(\"django.conf:settings\", "
        "namespace=\"CELERY\") (assumed)");
  } else {
    out.kind = source_kind::config_module;
    in.conf = keys;
    in.helper_names = detail::names_read(tree);
    // Superset's convention: the Celery settings live in a class named by CELERY_CONFIG
    // (superset/extensions: `celery_app.config_from_object(app.config["CELERY_CONFIG"])`).
    auto it = std::find_if(keys.begin(), keys.end(),
                           [](const raw_setting& k) { return k.name == "CELERY_CONFIG"; });
    if (it != keys.end() && it->value.dict &&
        (it->value.kind == value_kind::callable || it->value.kind == value_kind::object)) {
      in.conf = detail::class_keys(it->value, it->where);
      in.helper_names.clear();
      out.config_object = "CELERY_CONFIG";
      out.notes.push_back(
          "read the object CELERY_CONFIG names, as Superset passes it to "
          "app.config_from_object (assumed)");
    }
  }
  out.namespace_name = in.prefix;

  if (app.has_app) {
    // A module variable named like a setting is no setting: Celery reads only app.conf.
    std::set<std::string> reads = detail::names_read(tree);
    for (const auto& k : keys) {
      if (cat->find(k.name) != nullptr && !reads.contains(k.name)) {
        out.notes.push_back(fmt::format(
            "{} at line {} is a variable of the app module, not a setting: celery never reads it "
            "(set app.conf.{} or put it in the configuration object)",
            k.name, k.where.begin.line, k.name));
      }
    }
  }

  detail::resolution r = detail::resolve(in);
  // Under a namespace, the object's CELERY_<NAME> is looked up before a bare name set through
  // app.conf: say so when that hides a change.
  for (const auto& c : in.changes) {
    const detail::option* o = cat->find(c.name);
    if (o == nullptr || !in.prefix) continue;
    auto it = r.values.find(std::string(o->name));
    if (it == r.values.end() || it->second.written_as == c.name) continue;
    if (it->second.origin.kind != connplan::source_kind::file) continue;
    out.notes.push_back(fmt::format(
        "{} set at {}:{} is hidden by {} at {}:{} (celery looks the namespaced name up first)",
        c.name, c.where.file, c.where.begin.line, it->second.written_as,
        it->second.origin.location.file, it->second.origin.location.begin.line));
  }
  out.accepted = r.accepted && out.complete;
  out.old_names = std::move(r.old_names);
  out.diagnostics.insert(out.diagnostics.end(), r.findings.begin(), r.findings.end());

  for (const auto& [name, v] : r.values) {
    bool wanted = !v.is_default || is_one_of(name, connection_settings);
    if (!wanted) continue;
    value_entry e = detail::to_entry(name, v);
    bool shadowable = in.prefix && !v.is_default && v.written_as == name;
    if (source && !source->keys && shadowable) {
      // Under a namespace the source's CELERY_<NAME> is looked up before the bare name.
      e = value_entry::unknown(
          redact_secrets(source->what),
          fmt::format("set to {} here, but {} in the configuration source {} would win, and it "
                      "could not be read: {}",
                      e.value.dump(), detail::prefixed(*in.prefix + "_", name), source->what,
                      source->reason),
          v.origin);
    } else if (v.is_default && source && !source->keys) {
      // The config object could not be read: a default may be overridden there.
      e = value_entry::unknown(redact_secrets(source->what),
                               fmt::format("the configuration source {} could not be read: {}",
                                           source->what, source->reason),
                               connplan::source::from_file(app.config_where));
    }
    out.settings[name] = std::move(e);
  }
  if (source && !source->keys) {
    finding f =
        make_finding("CP002",
                     fmt::format("the configuration source {} could not be read: {}",
                                 redact_secrets(source->what), redact_secrets(source->reason)),
                     app.config_where, "celery.config_source");
    f.notes.push_back(
        "its settings (worker_concurrency, result_backend, ...) are unknown; inspect the settings "
        "file with --kind celery, or name it with --env DJANGO_SETTINGS_MODULE=...");
    out.diagnostics.push_back(std::move(f));
  } else {
    for (const auto& [name, e] : out.settings) {
      if (e.status == value_status::unknown && is_one_of(name, planner_settings)) {
        out.diagnostics.push_back(unresolved(name, e, out.path));
      }
    }
  }
  if (auto it = out.settings.find("worker_concurrency"); it != out.settings.end() &&
                                                         it->second.status == value_status::known &&
                                                         it->second.value.is_null()) {
    out.notes.push_back(
        "worker_concurrency is None: each worker starts as many processes as it sees CPUs "
        "(billiard cpu_count()), unless -c/--concurrency or --autoscale is given");
  }
  for (const auto& [name, e] : out.settings) {
    if (value_entry* f = field(out, name)) *f = e;
  }
  if (!app.has_app) out.app_name = value_entry::known(nullptr, connplan::source::default_value());
  return out;
}

inspected_file inspect(const std::filesystem::path& file, const inspect_options& options) {
  model m = load(file, options);
  inspected_file out;
  out.path = m.path;
  out.kind = "celery";
  out.accepted = m.accepted;
  out.complete = m.complete;
  out.settings = m.settings;
  out.diagnostics = m.diagnostics;
  nlohmann::json old = nlohmann::json::array();
  for (const auto& o : m.old_names) {
    old.push_back({{"name", o.name},
                   {"maps_to", o.maps_to},
                   {"used", o.used},
                   {"source", to_json(o.origin)}});
  }
  out.extra["namespace"] = m.namespace_name ? nlohmann::json(*m.namespace_name) : nullptr;
  out.extra["old_names"] = std::move(old);
  out.extra["source_kind"] = std::string(to_string(m.kind));
  out.extra["config_object"] =
      m.config_object.empty() ? nlohmann::json(nullptr) : nlohmann::json(m.config_object);
  out.extra["app_name"] = to_json(m.app_name);
  out.extra["version"] = m.version;
  out.extra["files"] = m.files;
  out.extra["notes"] = m.notes;
  return out;
}

}  // namespace connplan::celery
