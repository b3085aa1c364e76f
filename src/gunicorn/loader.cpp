// Loading a gunicorn config file as gunicorn/app/base.py `load_config_from_module_name_or_filename`
// does (@ 20.1.0 … 23.0.0): run the file as a module (here: evaluate it abstractly), then
//   for k, v in cfg.items():
//       if k not in self.cfg.settings: continue   # Ignore unknown names
//       self.cfg.set(k.lower(), v)                # the setting's validator; an error stops
//       gunicorn
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "connplan/error.hpp"
#include "connplan/gunicorn.hpp"
#include "connplan/python/evaluate.hpp"
#include "connplan/python/parse.hpp"
#include "connplan/redact.hpp"
#include "gunicorn/catalogue.hpp"
#include "gunicorn/names.hpp"
#include "gunicorn/validate.hpp"
#include "gunicorn/worker_class.hpp"

namespace connplan::gunicorn {
namespace {

using detail::setting_info;
using detail::validated;
using nlohmann::json;
using python::value;
using python::value_kind;

// Settings whose unknown value matters to the connection count or to a rule (CP002 is reported
// only for these).
constexpr std::array<std::string_view, 5> cp002_settings = {"workers", "threads", "worker_class",
                                                            "worker_connections", "max_requests"};

std::string resolve_version(const std::string& requested) {
  if (requested.empty()) return std::string(detail::newest_version());
  if (detail::is_known_version(requested)) return requested;
  std::string known;
  for (auto v : detail::known_versions()) known += (known.empty() ? "" : ", ") + std::string(v);
  throw error(fmt::format("unknown gunicorn version {} (known: {})", requested, known));
}

// Redaction (CONTRACTS.md §9) of every string in a resolved value.
json redact(json v, bool secret_name) {
  if (v.is_string()) {
    if (secret_name && !v.get_ref<const std::string&>().empty()) return std::string(redacted);
    return redact_secrets(v.get_ref<const std::string&>());
  }
  if (v.is_array() || v.is_object()) {
    for (auto& item : v) item = redact(item, secret_name);
  }
  return v;
}

value from_json(const json& j) {
  value v;
  if (j.is_null()) {
    v.kind = value_kind::none;
  } else if (j.is_boolean()) {
    v.kind = value_kind::boolean;
    v.boolean = j.get<bool>();
  } else if (j.is_number_integer()) {
    v.kind = value_kind::integer;
    v.integer = j.get<std::int64_t>();
  } else if (j.is_string()) {
    v.kind = value_kind::string;
    v.text = j.get<std::string>();
  } else if (j.is_array()) {
    v.kind = value_kind::list;
    v.items = std::make_shared<std::vector<value>>();
    for (const auto& item : j) v.items->push_back(from_json(item));
  } else if (j.is_object()) {
    v.kind = value_kind::dict;
    v.dict = std::make_shared<python::dict_object>();
    for (const auto& [key, item] : j.items()) {
      value k;
      k.kind = value_kind::string;
      k.text = key;
      v.dict->entries.push_back({std::move(k), from_json(item)});
    }
  }
  return v;
}

struct binding {
  source_location where;
  python::write_event::how kind = python::write_event::how::assign;
  bool found = false;
};

// The statement that bound `name` last, across the import chain.
binding last_binding(const python::module_result& r, const std::string& name) {
  binding out;
  for (const auto& w : r.writes) {
    if (w.target == name) {
      out.where = w.where;
      out.kind = w.kind;
      out.found = true;
    }
  }
  return out;
}

struct loader {
  loader(const inspect_options& o, std::string v) : options(o), version(std::move(v)) {}

  const inspect_options& options;
  std::string version;
  python::module_result result;
  std::set<std::string> read;
  std::map<std::string, int> arities;
  config out;
  std::map<std::string, bool> is_class;  // settings given a class object

  // A setting's default as gunicorn computes it when gunicorn.config is imported.
  value_entry default_entry(const setting_info& s) {
    using detail::default_rule;
    const auto from_default = source::default_value();
    const auto env = [&](const char* name) -> const std::string* {
      auto it = options.env.find(name);
      return it == options.env.end() ? nullptr : &it->second;
    };
    switch (s.rule) {
      case default_rule::web_concurrency:
        // int(os.environ.get("WEB_CONCURRENCY", 1)) [gunicorn/config.py `Workers`].
        if (const auto* text = env("WEB_CONCURRENCY")) {
          if (auto n = detail::int_base10(*text); n && *n >= 0) {
            return value_entry::known(*n, source::env("WEB_CONCURRENCY"));
          }
          return value_entry::unknown(
              "WEB_CONCURRENCY=" + redact_secrets(*text),
              "WEB_CONCURRENCY is not a non-negative integer: gunicorn fails to start",
              source::env("WEB_CONCURRENCY"));
        }
        return value_entry::known(1, from_default);
      case default_rule::port:
        // ['0.0.0.0:$PORT'] when PORT is set [gunicorn/config.py `Bind`].
        if (const auto* port = env("PORT")) {
          return value_entry::known(json::array({"0.0.0.0:" + *port}), source::env("PORT"));
        }
        break;
      case default_rule::forwarded_allow_ips:
        if (const auto* ips = env("FORWARDED_ALLOW_IPS")) {
          value v;
          v.kind = value_kind::string;
          v.text = *ips;
          validated c = detail::validate(s, v, {});
          if (c.status == validated::outcome::ok) {
            return value_entry::known(redact(c.value, false), source::env("FORWARDED_ALLOW_IPS"));
          }
          return value_entry::unknown("FORWARDED_ALLOW_IPS=" + *ips,
                                      "gunicorn refuses it at import: " + c.error,
                                      source::env("FORWARDED_ALLOW_IPS"));
        }
        break;
      case default_rule::working_directory:
        return value_entry::unknown("util.getcwd()", "the directory gunicorn starts in",
                                    from_default);
      case default_rule::effective_uid:
        return value_entry::unknown("os.geteuid()", "the user id gunicorn runs as", from_default);
      case default_rule::effective_gid:
        return value_entry::unknown("os.getegid()", "the group id gunicorn runs as", from_default);
      case default_rule::hook:
        return value_entry::known(json::parse(s.default_json), from_default);
      case default_rule::literal:
        break;
    }
    json raw = json::parse(s.default_json);
    // Setting.__init__: `if self.default is not None: self.set(self.default)`.
    if (raw.is_null()) return value_entry::known(nullptr, from_default);
    validated c = detail::validate(s, from_json(raw), {});
    return value_entry::known(c.status == validated::outcome::ok ? c.value : raw, from_default);
  }

  // Where a value came from: the environment when the evaluator took it from there, else the
  // statement that bound the name.
  static connplan::source origin_of(const value& v, const binding& b) {
    if (v.origin.kind == source_kind::env) return v.origin;
    if (b.found) return source::from_file(b.where);
    return v.origin;
  }

  // Where an unknown value's expression is, for CP002 ("at the expression").
  std::map<std::string, source_location> unknown_at;
  void note_unknown(std::string_view name, const value& v) {
    if (v.origin.kind == source_kind::file && v.origin.location.begin.line > 0) {
      unknown_at.emplace(std::string(name), v.origin.location);
    }
  }

  value_entry unknown_entry(const value& v, std::string reason, const binding& b) {
    std::string expr = v.expr.empty() ? v.text : v.expr;
    return value_entry::unknown(redact_secrets(expr), std::move(reason), origin_of(v, b));
  }

  void refuse(const setting_info& s, const value& v, const std::string& error, const binding& b) {
    // gunicorn prints "Invalid value for <name>: <value>" and exits 1 (app/base.py).
    std::string shown = is_secret_name(s.name) ? std::string(redacted) : detail::python_str(v);
    out.diagnostics.push_back(make_finding(
        "CP001",
        fmt::format("invalid value for {}: {} (gunicorn refuses to start: {})", s.name, shown,
                    redact_secrets(error)),
        b.found ? std::optional<source_location>(b.where) : std::nullopt, std::string(s.name)));
    out.accepted = false;
  }

  value_entry from_file(const setting_info& s, const value& v) {
    binding b = last_binding(result, std::string(s.name));
    const bool secret = is_secret_name(s.name);
    detail::arity_lookup lookup = [this](std::string_view name) -> std::optional<int> {
      auto it = arities.find(std::string(name));
      if (it == arities.end()) return std::nullopt;
      return it->second;
    };
    if (v.kind == value_kind::unknown) {
      note_unknown(s.name, v);
      return unknown_entry(v, v.reason.empty() ? "not known without running it" : v.reason, b);
    }
    if (v.kind != value_kind::alternatives) {
      validated c = detail::validate(s, v, lookup);
      if (c.status == validated::outcome::ok) {
        is_class[std::string(s.name)] = c.is_class;
        return value_entry::known(redact(c.value, secret), origin_of(v, b));
      }
      if (c.status == validated::outcome::unknown) return unknown_entry(v, c.reason, b);
      refuse(s, v, c.error, b);
      return unknown_entry(v, "gunicorn refuses the value: " + c.error, b);
    }
    // Branches disagree: every branch's value goes through the validator. A branch gunicorn
    // would refuse is dropped (that configuration does not start); all of them refused is an error.
    std::vector<json> values;
    std::string first_error;
    for (const auto& alt : v.alternatives) {
      if (alt.kind == value_kind::absent) {
        // On this path the file does not bind the name: gunicorn keeps the default.
        value_entry d = default_entry(s);
        if (d.status == value_status::unknown) {
          return unknown_entry(v, "one of its possible values is the default, " + d.reason, b);
        }
        if (std::find(values.begin(), values.end(), d.value) == values.end()) {
          values.push_back(d.value);
        }
        continue;
      }
      validated c = detail::validate(s, alt, lookup);
      if (c.status == validated::outcome::unknown) {
        // Cite the branch that is unknown, not the join of the branches.
        note_unknown(s.name, alt);
        return unknown_entry(alt.kind == value_kind::unknown ? alt : v,
                             "one of its possible values is unknown: " + c.reason, b);
      }
      if (c.status == validated::outcome::invalid) {
        if (first_error.empty()) first_error = c.error;
        continue;
      }
      if (c.is_class) is_class[std::string(s.name)] = true;
      json shown = redact(c.value, secret);
      if (std::find(values.begin(), values.end(), shown) == values.end()) values.push_back(shown);
    }
    if (values.empty()) {
      refuse(s, v, first_error, b);
      return unknown_entry(v, "gunicorn refuses every possible value: " + first_error, b);
    }
    if (values.size() == 1) return value_entry::known(values.front(), origin_of(v, b));
    value_entry e;
    e.status = value_status::alternatives;
    e.alternatives = values;
    e.origin = origin_of(v, b);
    e.value = worst_case(s.name, values);
    return e;
  }

  // The alternative that allows the most connections: the largest count (workers, threads,
  // worker_connections, ...); for timeout, 0 (disabled: a hung request keeps its connection
  // forever); for preload_app, true (gevent + preload shares one connection storage, trap 13b);
  // for worker_class, the class with the highest worker_class_rank; otherwise the first.
  static json worst_case(std::string_view name, const std::vector<json>& values) {
    if (name == "worker_class") {
      return *std::max_element(values.begin(), values.end(), [](const json& a, const json& b) {
        auto rank = [](const json& j) {
          return j.is_string() ? detail::worker_class_rank(
                                     detail::canonical_worker_class(j.get<std::string>()))
                               : -1;
        };
        return rank(a) < rank(b);
      });
    }
    if (name == "timeout") {
      for (const auto& v : values) {
        if (v == 0) return v;
      }
    }
    if (std::all_of(values.begin(), values.end(), [](const json& j) { return j.is_number(); })) {
      return *std::max_element(values.begin(), values.end());
    }
    if (std::all_of(values.begin(), values.end(), [](const json& j) { return j.is_boolean(); })) {
      return std::find(values.begin(), values.end(), json(true)) != values.end();
    }
    return values.front();
  }

  void resolve_settings() {
    for (const auto& s : detail::settings_of(version)) {
      std::string name(s.name);
      auto it = result.globals.find(name);
      out.settings[name] = it == result.globals.end() ? default_entry(s) : from_file(s, it->second);
    }
  }

  // CP301: names gunicorn silently ignores; not helper variables the file reads, imported
  // modules and names, functions that are not hooks, or private names.
  void ignored_names() {
    std::vector<ignored_name> found;
    for (const auto& [name, v] : result.globals) {
      if (detail::find_setting(version, name)) continue;
      if (name.empty() || name.front() == '_') continue;
      if (read.contains(name)) continue;
      if (v.kind == value_kind::module || v.kind == value_kind::callable) continue;
      binding b = last_binding(result, name);
      if (!b.found || b.where.file != result.path) continue;  // bound by an imported file
      if (b.kind == python::write_event::how::star_import ||
          b.kind == python::write_event::how::name_import) {
        continue;
      }
      found.push_back({name, b.where, detail::did_you_mean(name, version)});
    }
    std::sort(found.begin(), found.end(), [](const ignored_name& a, const ignored_name& b) {
      return a.location.begin < b.location.begin;
    });
    for (const auto& n : found) {
      out.diagnostics.push_back(make_finding("CP301", ignored_message(n), n.location, n.name));
    }
    out.ignored = std::move(found);
  }

  std::string ignored_message(const ignored_name& n) const {
    if (auto other = detail::where_known(version, n.name)) {
      if (other->removed) {
        return fmt::format("gunicorn {} ignores `{}`: the setting was removed in gunicorn {}",
                           version, n.name, other->version);
      }
      return fmt::format("gunicorn {} ignores `{}`: it is a setting only from gunicorn {}", version,
                         n.name, other->version);
    }
    std::string lowered = n.name;
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (n.did_you_mean && *n.did_you_mean == lowered) {
      return fmt::format("gunicorn ignores `{}`: setting names are lower-case; did you mean `{}`?",
                         n.name, *n.did_you_mean);
    }
    if (n.did_you_mean) {
      return fmt::format("gunicorn ignores `{}`: it is not a setting; did you mean `{}`?", n.name,
                         *n.did_you_mean);
    }
    return fmt::format("gunicorn ignores `{}`: it is not a setting", n.name);
  }

  void unresolved() {
    for (auto name : cp002_settings) {
      const value_entry& e = out.settings[std::string(name)];
      if (e.status != value_status::unknown) continue;
      if (e.reason.starts_with("gunicorn refuses")) continue;  // already a CP001
      std::optional<source_location> where;
      if (e.origin.kind == source_kind::file) where = e.origin.location;
      if (auto it = unknown_at.find(std::string(name)); it != unknown_at.end()) where = it->second;
      out.diagnostics.push_back(
          make_finding("CP002",
                       fmt::format("cannot resolve {} = {}: {}; {}", name,
                                   e.expr.empty() ? "?" : e.expr, e.reason, what_to_do(e)),
                       where, fmt::format("gunicorn.{}", name)));
    }
  }

  // The flag that resolves an unknown value: the CPU count, or the environment variable the
  // evaluator names in its reason ("environment variable NAME is not set ...").
  static std::string what_to_do(const value_entry& e) {
    auto mentions = [&](std::string_view word) {
      return e.reason.find(word) != std::string::npos || e.expr.find(word) != std::string::npos;
    };
    if (mentions("cpu_count") || mentions("CPU count")) return "pass --assume cpus=N";
    constexpr std::string_view marker = "environment variable ";
    if (auto at = e.reason.find(marker); at != std::string::npos) {
      std::string_view rest = std::string_view(e.reason).substr(at + marker.size());
      std::string_view name = rest.substr(0, rest.find(' '));
      if (!name.empty()) return fmt::format("pass --env {}=VALUE", name);
    }
    return "pass --env NAME=VALUE or --assume cpus=N if it comes from there";
  }

  void typed() {
    auto get = [&](const char* name) { return out.settings.at(name); };
    out.workers = get("workers");
    out.threads = get("threads");
    out.worker_class = get("worker_class");
    out.worker_connections = get("worker_connections");
    out.max_requests = get("max_requests");
    out.max_requests_jitter = get("max_requests_jitter");
    out.timeout = get("timeout");
    out.graceful_timeout = get("graceful_timeout");
    out.preload_app = get("preload_app");
    out.bind = get("bind");
    out.worker_class_effective =
        detail::effective_entry(out.worker_class, is_class["worker_class"], out.threads);
  }
};

}  // namespace

std::vector<std::string> known_versions() {
  std::vector<std::string> out;
  for (auto v : detail::known_versions()) out.emplace_back(v);
  return out;
}

std::string newest_version() {
  return std::string(detail::newest_version());
}

config load(const std::filesystem::path& file, const inspect_options& options) {
  loader l(options, resolve_version(options.gunicorn_version));
  python::evaluate_options eval;
  eval.root = options.root;
  eval.python_path = options.python_path;
  eval.env = options.env;
  eval.cpus = options.cpus;
  eval.reader = options.reader;
  eval.limits = options.limits;
  l.result = python::evaluate_file(file, eval);

  // The evaluator gives values; which names the file reads and the hooks' parameters come from
  // the syntax tree (read through the same reader, which the CLI caches).
  read_result text = options.reader(file, options.limits);
  if (const auto* source = std::get_if<std::string>(&text)) {
    python::parse_result parsed = python::parse_module(*source, l.result.path);
    l.read = detail::names_read(parsed.module);
    l.arities = detail::function_arities(parsed.module);
  }

  l.out.path = l.result.path;
  l.out.version = l.version;
  l.out.complete = l.result.complete;
  l.out.chain = l.result.chain;
  l.out.diagnostics = l.result.findings;
  for (const auto& f : l.out.diagnostics) {
    if (f.severity == severity::error) l.out.accepted = false;
  }
  if (!l.result.complete) l.out.accepted = false;
  l.resolve_settings();
  l.typed();
  l.ignored_names();
  l.unresolved();
  return std::move(l.out);
}

}  // namespace connplan::gunicorn
