// The services of the deployment and what each one's processes open (issue 4; domain.md §7).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "connplan/command_line.hpp"
#include "model/model_support.hpp"
#include "model/parts.hpp"
#include "model/settings_module.hpp"

#include <filesystem>

namespace connplan::model_detail {
namespace {

struct wanted_service {
  std::string name;
  plan::service_kind kind;
  std::optional<std::string> config;
  const service_decl* decl = nullptr;
  const launched_service* launched = nullptr;  // the launch file that starts it (issue 6)
};

std::optional<plan::service_kind> kind_named(std::string_view k) {
  if (k == "gunicorn") return plan::service_kind::gunicorn;
  if (k == "uvicorn") return plan::service_kind::uvicorn;
  if (k == "daphne") return plan::service_kind::daphne;
  if (k == "celery-worker") return plan::service_kind::celery_worker;
  if (k == "celery-beat") return plan::service_kind::celery_beat;
  if (k == "command") return plan::service_kind::command;
  return std::nullopt;
}

std::vector<wanted_service> declared_services(builder& b, const discovered_files& found) {
  std::vector<wanted_service> out;
  const project_config& cfg = b.model.config;
  if (!cfg.services.empty()) {
    for (const auto& d : cfg.services) {
      std::string name = d.name ? d.name->value : fmt::format("service-{}", out.size() + 1);
      std::optional<plan::service_kind> kind = d.kind ? kind_named(d.kind->value) : std::nullopt;
      if (!kind) {
        b.add_findings({make_finding(
            "CP010",
            fmt::format("[[service]] {} has no kind; it is not planned (kinds: gunicorn, "
                        "uvicorn, daphne, celery-worker, celery-beat, command)",
                        name),
            d.declared_at, "service." + name + ".kind")});
        continue;
      }
      out.push_back({name, *kind, d.config ? std::optional(d.config->value) : std::nullopt, &d});
    }
    return out;
  }
  // Discovery: one web service per gunicorn config, one worker per Celery app module.
  for (std::size_t i = 0; i < found.gunicorn.size(); ++i) {
    std::string name = i == 0 ? "web" : fmt::format("web-{}", i + 1);
    out.push_back({name, plan::service_kind::gunicorn, found.gunicorn[i], nullptr});
    b.assume(fmt::format("service {}", name), "gunicorn",
             fmt::format("discovered {}", found.gunicorn[i]), name);
  }
  std::size_t workers = 0;
  for (const auto& c : found.celery) {
    if (!c.ends_with("celery.py")) continue;
    std::string name = workers++ == 0 ? "worker" : fmt::format("worker-{}", workers);
    out.push_back({name, plan::service_kind::celery_worker, c, nullptr});
    b.assume(fmt::format("service {}", name), "celery worker", fmt::format("discovered {}", c),
             name);
  }
  return out;
}

std::string normal(const std::string& p) {
  return std::filesystem::path(p).lexically_normal().generic_string();
}

// CONTRACTS §8: a launched service merges with the [[service]] of the same name, else with one of
// the same kind and config path; a discovered service (no connplan.toml) merges by kind. What is
// left is a new service: it opens connections too (noted as an assumption).
std::vector<wanted_service> wanted_services(builder& b, const discovered_files& found,
                                            const std::vector<launched_service>& launched) {
  std::vector<wanted_service> out = declared_services(b, found);
  for (const auto& l : launched) {
    auto free = [&](const wanted_service& w) { return w.launched == nullptr; };
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const wanted_service& w) { return free(w) && w.name == l.name; });
    if (it == out.end()) {
      it = std::find_if(out.begin(), out.end(), [&](const wanted_service& w) {
        if (!free(w) || w.kind != l.kind) return false;
        if (w.decl == nullptr) return true;
        const std::string a = w.config ? normal(*w.config) : std::string();
        const std::string c = l.config ? normal(*l.config) : std::string();
        return a == c;
      });
    }
    const source_location at = l.process->command_at;
    if (it != out.end()) {
      if (it->decl != nullptr && it->decl->kind && it->name == l.name && it->kind != l.kind) {
        b.add_findings({make_finding(
            "CP803",
            fmt::format("connplan.toml declares {} as {}, but {} starts {}; connplan.toml wins",
                        it->name, plan::to_string(it->kind), at.file, plan::to_string(l.kind)),
            at, fmt::format("launch.{}.kind", l.name))});
      }
      it->launched = &l;
      if (!it->config && l.config) it->config = l.config;
      continue;
    }
    // Names stay unique: two scripts may both start "daphne".
    std::string name = l.name;
    for (int n = 2; std::any_of(out.begin(), out.end(),
                                [&](const wanted_service& w) { return w.name == name; });
         ++n) {
      name = fmt::format("{}-{}", l.name, n);
    }
    out.push_back({name, l.kind, l.config, nullptr, &l});
    b.assume(fmt::format("service {}", name), std::string(plan::to_string(l.kind)),
             fmt::format("started by {}:{}, not declared in connplan.toml", at.file, at.begin.line),
             name);
  }
  return out;
}

inspect_options options_for(const builder& b, const std::map<std::string, std::string>& env,
                            const service_decl* decl) {
  inspect_options o = b.options.base;
  o.env = env;
  o.django_version = b.model.django_version;
  if (decl != nullptr && decl->cpus) o.cpus = static_cast<int>(decl->cpus->value);
  if (!o.cpus && b.model.config.host_cpus)
    o.cpus = static_cast<int>(b.model.config.host_cpus->value);
  return o;
}

// CONN_MAX_AGE as the planner counts it (domain.md §2.2): 0 closes at the end of each request; a
// number or None keeps connections; alternatives take the worst case.
plan::persistence persistence_of(const value_entry* e) {
  if (e == nullptr) return plan::persistence::closes;  // the default 0
  if (e->status == value_status::unknown) return plan::persistence::unknown;
  // None is unlimited; True is 1 second in Python arithmetic (time.monotonic() + True).
  auto persistent = [](const nlohmann::json& v) {
    return v.is_null() || (v.is_boolean() && v.get<bool>()) ||
           (v.is_number() && v.get<double>() != 0);
  };
  if (e->status == value_status::alternatives) {
    for (const auto& a : e->alternatives) {
      if (persistent(a)) return plan::persistence::persistent;
    }
    return plan::persistence::closes;
  }
  if (e->value.is_string()) return plan::persistence::unknown;  // CP210: every connection fails
  return persistent(e->value) ? plan::persistence::persistent : plan::persistence::closes;
}

std::string text_of(const value_entry* e) {
  return e != nullptr && e->value.is_string() ? e->value.get<std::string>() : std::string();
}

bool is_postgres_engine(const value_entry* engine) {
  if (engine == nullptr || !engine->value.is_string())
    return true;  // unknown: count it (worst case)
  const std::string e = engine->value.get<std::string>();
  return e.find("postgres") != std::string::npos || e.find("postgis") != std::string::npos;
}

std::string route_for(builder& b, const service_decl* decl, const django::database_alias& alias,
                      const std::string& service) {
  if (decl != nullptr) {
    if (auto it = decl->routes.find(alias.name); it != decl->routes.end()) return it->second.value;
    if (decl->via) return decl->via->value;
  }
  // A PgBouncer whose listen_port is the alias's PORT is the likely route (6432 by default).
  const std::string port = [&] {
    const value_entry* p = alias.find("PORT");
    if (p == nullptr) return std::string();
    return p->value.is_string()   ? p->value.get<std::string>()
           : p->value.is_number() ? p->value.dump()
                                  : std::string();
  }();
  for (const auto& pb : b.model.pgbouncers) {
    if (!pb.config || port.empty()) continue;
    if (std::to_string(pb.config->global.listen_port.value) == port) {
      b.assume(fmt::format("route of {}.{}", service, alias.name), pb.input.name,
               fmt::format("its PORT {} is {}'s listen_port", port, pb.input.name), service);
      return pb.input.name;
    }
  }
  const std::string first =
      b.model.servers.empty() ? "postgres" : b.model.servers.front().input.name;
  if (b.model.servers.size() + b.model.pgbouncers.size() > 1) {
    b.assume(fmt::format("route of {}.{}", service, alias.name), first, "the first server",
             service);
  }
  return first;
}

std::vector<plan::alias_use> aliases_of(builder& b, const django::settings_model& m,
                                        const service_decl* decl, const std::string& service,
                                        std::vector<source>& extra_sources) {
  std::vector<plan::alias_use> out;
  for (const auto& alias : m.databases) {
    if (!is_postgres_engine(alias.find("ENGINE"))) continue;
    plan::alias_use a;
    a.alias = alias.name;
    a.target = route_for(b, decl, alias, service);
    a.via_pgbouncer =
        std::any_of(b.model.pgbouncers.begin(), b.model.pgbouncers.end(),
                    [&](const loaded_pgbouncer& p) { return p.input.name == a.target; });
    const bool known_target =
        a.via_pgbouncer ||
        std::any_of(b.model.servers.begin(), b.model.servers.end(),
                    [&](const loaded_server& s) { return s.input.name == a.target; });
    if (!known_target) {
      b.add_findings({make_finding(
          "CP010",
          fmt::format("service {} routes alias {} to \"{}\", which is neither a [postgres] nor "
                      "a [[pgbouncer]] name",
                      service, alias.name, a.target),
          decl != nullptr ? std::optional(decl->declared_at) : std::nullopt,
          fmt::format("service.{}.routes.{}", service, alias.name))});
      continue;
    }
    a.database = text_of(alias.find("NAME"));
    a.user = text_of(alias.find("USER"));
    const value_entry* age = alias.find("CONN_MAX_AGE");
    a.persistence = persistence_of(age);
    if (age != nullptr) a.persistence_source = age->origin;
    if (age != nullptr && a.persistence != plan::persistence::closes &&
        (age->origin.kind == source_kind::file || age->origin.kind == source_kind::toml)) {
      extra_sources.push_back(age->origin);  // CONN_MAX_AGE drives the count: cite it
    }
    if (alias.pool && alias.pool->max_size.value.is_number_integer()) {
      a.pool_max = alias.pool->max_size.value.get<long long>();
      a.pool_min = alias.pool->min_size.value.is_number_integer()
                       ? alias.pool->min_size.value.get<long long>()
                       : *a.pool_max;
      a.pool_source = alias.pool->enabled.origin;
    }
    out.push_back(std::move(a));
  }
  return out;
}

bool version_at_least(std::string_view version, int major, int minor) {
  int a = 0, c = 0;
  std::sscanf(std::string(version).c_str(), "%d.%d", &a, &c);
  return a > major || (a == major && c >= minor);
}

void add_source(plan::service_input& in, const source& s) {
  if (s.kind == source_kind::file || s.kind == source_kind::toml) in.sources.push_back(s);
}

// A count from a command-line value: a whole number, or unknown with the variable it needs.
plan::count count_from(const launch::raw_value& v, const source& from, std::string_view what) {
  if (!v.known) return plan::count::unknown(fmt::format("{}: {}", what, v.reason), from);
  try {
    std::size_t used = 0;
    long long n = std::stoll(v.text, &used, 0);
    if (used == v.text.size()) return plan::count::known(n, from);
  } catch (...) {
  }
  return plan::count::unknown(fmt::format("{} \"{}\" is not a whole number", what, v.text), from);
}

// gunicorn's worker class names as the planner groups them (gunicorn/workers/__init__.py).
std::string canonical_worker_class(std::string cls) {
  if (cls == "gevent_wsgi" || cls == "gevent_pywsgi" || cls.ends_with("GeventWorker") ||
      cls.ends_with("GeventPyWSGIWorker")) {
    return "gevent";
  }
  if (cls.ends_with("EventletWorker")) return "eventlet";
  if (cls.ends_with("ThreadWorker")) return "gthread";
  if (cls.ends_with("SyncWorker")) return "sync";
  if (cls.ends_with("TornadoWorker")) return "tornado";
  return cls;
}

void set_gunicorn_model(plan::service_input& in, const std::string& cls, const plan::count& threads,
                        const plan::count& worker_connections, const source& class_source) {
  in.model_label = cls.empty() ? "unknown worker class" : cls;
  if (cls == "sync" || cls == "tornado") {
    in.model = plan::concurrency_model::one;
  } else if (cls == "gthread") {
    in.model = plan::concurrency_model::threads;
    in.concurrency = threads;
  } else if (cls == "gevent" || cls == "eventlet") {
    in.model = plan::concurrency_model::green;
    in.concurrency = worker_connections;
  } else if (cls.find("Uvicorn") != std::string::npos || cls.find("uvicorn") != std::string::npos) {
    in.model = plan::concurrency_model::asgi;
    in.model_label = "UvicornWorker";
  } else {
    in.model = plan::concurrency_model::threads;
    in.concurrency = plan::count::unknown(
        fmt::format("the worker class {} is unknown", in.model_label), class_source);
  }
}

// The raw string gunicorn's own loader would see for a config-file value.
launch::raw_value raw_of(const value_entry& e) {
  launch::raw_value r;
  if (e.status == value_status::unknown) {
    r.known = false;
    r.reason = e.reason;
    return r;
  }
  r.text = e.value.is_string() ? e.value.get<std::string>() : e.value.dump();
  return r;
}

// Where a variable of the service's environment is set: the launch file's line when it is the
// launch environment's value that wins (CONTRACTS §8: --env > [[service]] env > launch env).
source env_source(const builder& b, const wanted_service& w, const std::string& name) {
  const launchfiles::launched_process* lp = w.launched ? w.launched->process : nullptr;
  const bool overridden =
      b.options.base.env.count(name) != 0 || (w.decl != nullptr && w.decl->env.count(name) != 0);
  if (lp != nullptr && !overridden) {
    if (auto it = lp->env_at.find(name); it != lp->env_at.end() && !it->second.file.empty())
      return source::from_file(it->second);
  }
  return source::env(name);
}

// Where a flag of a launch file's command is written (the option word through its value), so
// the report cites `-w 4` at its own line; else the command's location.
source flag_source(const wanted_service& w, const launch::command* cmd, const std::string& name,
                   const source& command_source) {
  const launchfiles::launched_process* lp = w.launched ? w.launched->process : nullptr;
  if (cmd == nullptr || lp == nullptr || command_source.kind != source_kind::file ||
      lp->command_words.empty()) {
    return command_source;
  }
  const auto it = cmd->flags.find(name);
  if (it == cmd->flags.end() || it->second.origin != launch::flag_origin::command_line)
    return command_source;
  const launch::text_span span = it->second.where;
  const source_location* first = nullptr;
  const source_location* last = nullptr;
  for (const auto& [offset, where] : lp->command_words) {
    if (offset <= span.begin) first = &where;
    if (offset < span.end) last = &where;
  }
  if (first == nullptr || last == nullptr || first->file != last->file) return command_source;
  source_location at = *first;
  at.end = last->end;
  return source::from_file(at);
}

void plan_gunicorn(builder& b, loaded_service& ls, const wanted_service& w,
                   const inspect_options& o, const launch::command* cmd,
                   const source& command_source) {
  auto& in = ls.input;
  in.reload_doubles = true;
  std::optional<std::string> config = w.config;
  const bool default_exists = b.exists("gunicorn.conf.py");
  if (cmd != nullptr) {
    // Which file gunicorn loads: -c, else --config in GUNICORN_CMD_ARGS, else ./gunicorn.conf.py
    // in the working directory (domain.md §1.2).
    auto chosen = launch::resolve_gunicorn(*cmd, ls.env, {}, default_exists);
    std::optional<std::string> loaded;
    if (chosen.config_path && chosen.config_path->known) {
      loaded = std::filesystem::path(chosen.config_path->text).lexically_normal().generic_string();
      // A launch file's relative -c is relative to its working directory: the repository root or
      // the launch file's directory, as launched_services resolved it (CP801).
      if (command_source.kind == source_kind::file && !b.exists(*loaded) &&
          !std::filesystem::path(*loaded).is_absolute()) {
        const std::string beside =
            (std::filesystem::path(command_source.location.file).parent_path() / *loaded)
                .lexically_normal()
                .generic_string();
        if (b.exists(beside)) loaded = beside;
      }
    }
    if (config && loaded != std::filesystem::path(*config).lexically_normal().generic_string()) {
      const source_location at = w.decl != nullptr && w.decl->config
                                     ? w.decl->config->origin.location
                                 : w.decl != nullptr ? w.decl->declared_at
                                                     : command_source.location;
      if (!loaded) {
        auto f = make_finding(
            "CP003",
            fmt::format("{} is not loaded: the start command of {} has no -c, and gunicorn "
                        "loads only ./gunicorn.conf.py by itself",
                        *config, w.name),
            at, fmt::format("service.{}.config", w.name));
        f.related.push_back({command_source.location, fmt::format("the command: {}", cmd->text)});
        f.notes.push_back(
            fmt::format("add -c {} to the command; the plan uses gunicorn's defaults and the "
                        "command's flags",
                        *config));
        b.add_findings({f});
      } else {
        b.add_findings(
            {make_finding("CP803",
                          fmt::format("the start command of {} loads {}, not {}; the command wins",
                                      w.name, *loaded, *config),
                          at, fmt::format("service.{}.config", w.name))});
      }
      config = loaded;
    } else if (!config) {
      config = loaded;
    }
  }
  if (config) {
    ls.gunicorn = gunicorn::load(b.absolute(*config), o);
    b.add_findings(ls.gunicorn->diagnostics);
    for (const auto& f : ls.gunicorn->chain) b.model.files_read.push_back(f);
  }
  if (cmd == nullptr) {
    if (!ls.gunicorn) {
      in.processes = ls.env.count("WEB_CONCURRENCY")
                         ? plan::count::unknown("WEB_CONCURRENCY sets the workers",
                                                source::env("WEB_CONCURRENCY"))
                         : plan::count::known(1, source::default_value());
      in.model = plan::concurrency_model::one;
      in.model_label = "sync";
      b.assume(fmt::format("gunicorn config of {}", w.name), "none",
               "gunicorn's defaults: 1 sync worker", w.name);
      return;
    }
    const auto& g = *ls.gunicorn;
    in.processes = count_of(g.workers, "workers");
    add_source(in, g.workers.origin);
    const std::string cls = g.worker_class_effective.value.is_string()
                                ? g.worker_class_effective.value.get<std::string>()
                                : "";
    set_gunicorn_model(in, cls, count_of(g.threads, "threads"),
                       count_of(g.worker_connections, "worker_connections"),
                       g.worker_class_effective.origin);
    for (const auto* e : {&g.threads, &g.worker_connections, &g.worker_class_effective})
      add_source(in, e->origin);
    if (!std::filesystem::path(*config).filename().string().starts_with("gunicorn.conf.py")) {
      // Only ./gunicorn.conf.py loads without -c (domain.md §1.2); without a start command to
      // check, connplan assumes the file is named with -c (issue 4: CP003 needs a known command).
      b.assume(fmt::format("gunicorn config of {}", w.name),
               fmt::format("{} (loaded via -c)", *config),
               "assumed: only ./gunicorn.conf.py loads without -c", w.name);
    }
    return;
  }
  // Command line > GUNICORN_CMD_ARGS > config file > WEB_CONCURRENCY > default (domain.md §1.2).
  std::map<std::string, launch::raw_value> from_file;
  if (ls.gunicorn) {
    for (const char* name : {"workers", "threads", "worker_class", "worker_connections"}) {
      auto it = ls.gunicorn->settings.find(name);
      if (it != ls.gunicorn->settings.end() && it->second.origin.kind == source_kind::file) {
        from_file[name] = raw_of(it->second);
      }
    }
  }
  auto eff = launch::resolve_gunicorn(*cmd, ls.env, from_file, default_exists);
  auto origin_of = [&](const char* name) -> source {
    const auto& s = eff.settings[name];
    switch (s.origin) {
      case launch::setting_origin::command_line:
        return flag_source(w, cmd, name, command_source);
      case launch::setting_origin::gunicorn_cmd_args:
        return command_source;
      case launch::setting_origin::config_file:
        return ls.gunicorn->settings.at(name).origin;
      case launch::setting_origin::env_default:
        return env_source(b, w, s.detail.empty() ? "WEB_CONCURRENCY" : s.detail);
      case launch::setting_origin::default_value:
        return source::default_value();
    }
    return source::default_value();
  };
  in.processes = count_from(eff.settings["workers"].value, origin_of("workers"), "workers");
  plan::count threads = count_from(eff.settings["threads"].value, origin_of("threads"), "threads");
  plan::count connections = count_from(eff.settings["worker_connections"].value,
                                       origin_of("worker_connections"), "worker_connections");
  std::string cls = eff.settings["worker_class"].value.known
                        ? canonical_worker_class(eff.settings["worker_class"].value.text)
                        : "";
  // threads > 1 with the sync worker silently becomes gthread (gunicorn/config.py worker_class).
  if (cls == "sync" && threads.value && *threads.value > 1) cls = "gthread";
  set_gunicorn_model(in, cls, threads, connections, origin_of("worker_class"));
  for (const char* name : {"workers", "threads", "worker_class", "worker_connections"})
    add_source(in, origin_of(name));
}

// What a file gives under one environment: the key of the per-run caches of models, so that a
// worker and its beat (or replicas declared apart) evaluate their shared files once.
std::string cache_key(const std::string& path, const inspect_options& o) {
  std::string key = path;
  for (const auto& [k, v] : o.env) key += "\x1f" + k + "=" + v;
  key += "\x1f" + (o.cpus ? std::to_string(*o.cpus) : std::string("?"));
  return key;
}

using celery_cache = std::map<std::string, celery::model>;

void plan_celery(builder& b, loaded_service& ls, const wanted_service& w, const inspect_options& o,
                 bool beat, const launch::command* cmd, const source& command_source,
                 celery_cache& cache) {
  auto& in = ls.input;
  in.processes = plan::count::known(1, source::default_value());
  in.model = plan::concurrency_model::one;
  in.model_label = beat ? "beat" : "prefork";
  if (w.config) {
    const std::string key = cache_key(*w.config, o);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, celery::load(b.absolute(*w.config), o)).first;
    ls.celery = it->second;
    b.add_findings(ls.celery->diagnostics);
    for (const auto& f : ls.celery->files) b.model.files_read.push_back(f);
  }
  if (beat) return;
  const celery::model* c = ls.celery ? &*ls.celery : nullptr;
  std::string pool = "prefork";
  if (c != nullptr && c->worker_pool.value.is_string())
    pool = c->worker_pool.value.get<std::string>();
  if (pool == "processes") pool = "prefork";
  plan::count n;
  if (c != nullptr && c->worker_concurrency.status != value_status::unknown &&
      c->worker_concurrency.value.is_number_integer() &&
      c->worker_concurrency.value.get<long long>() > 0) {
    n = count_of(c->worker_concurrency, "worker_concurrency");
  } else if (c != nullptr && c->worker_concurrency.status == value_status::unknown) {
    n = count_of(c->worker_concurrency, "worker_concurrency");
  } else if (o.cpus) {
    // worker_concurrency None means the CPU count at run time (domain.md §3.1).
    n = plan::count::known(*o.cpus, source::assumed("the host's CPU count"));
    b.assume(fmt::format("cpus of {}", w.name), std::to_string(*o.cpus),
             "--assume cpus / [host] cpus / [[service]] cpus", w.name);
  } else {
    n = plan::count::unknown(
        "worker concurrency defaults to the host's CPU count, which is unknown (pass --assume "
        "cpus=N)",
        c != nullptr ? c->worker_concurrency.origin : source::default_value());
  }
  if (c != nullptr) add_source(in, c->worker_concurrency.origin);
  if (cmd != nullptr) {
    // -P, -c and --autoscale on the command line (celery/bin/worker.py; domain.md §3.1): an
    // explicit
    // `-P prefork` cannot override a configured worker_pool; `-c 0` means "use config"; the worst
    // case of --autoscale is its maximum.
    std::map<std::string, launch::raw_value> configured;
    if (c != nullptr && c->worker_pool.value.is_string())
      configured["worker_pool"] = raw_of(c->worker_pool);
    if (c != nullptr && c->worker_concurrency.value.is_number_integer()) {
      configured["worker_concurrency"] = raw_of(c->worker_concurrency);
    }
    auto eff = launch::resolve_celery_worker(*cmd, configured);
    if (eff.pool.known && eff.pool_from == "flag")
      pool = eff.pool.text == "processes" ? "prefork" : eff.pool.text;
    if (eff.autoscale) {
      n = plan::count::known(eff.autoscale->first,
                             flag_source(w, cmd, "autoscale", command_source));
    } else if (eff.concurrency_from == "flag") {
      n = count_from(eff.concurrency, flag_source(w, cmd, "concurrency", command_source), "-c");
    }
    add_source(in, command_source);
    // The flag's own place, when the launch file shows where it is written.
    for (const auto& from : n.sources) {
      if (from != command_source) add_source(in, from);
    }
  }
  in.model_label = pool;
  if (pool == "solo") {
    in.model = plan::concurrency_model::one;
  } else if (pool == "threads") {
    in.model = plan::concurrency_model::threads;
    in.concurrency = n;
  } else if (pool == "gevent" || pool == "eventlet") {
    in.model = plan::concurrency_model::green;
    in.concurrency = n;
  } else {
    in.model = plan::concurrency_model::one;  // prefork: N child processes, one task at a time each
    in.model_label = "prefork";
    in.processes = n;
  }
  // Celery >= 5.6 closes Django's connections around every task (domain.md §3.2).
  if (c != nullptr) in.closes_per_task = version_at_least(c->version, 5, 6);
  // The db+postgresql result backend keeps one pooled connection per prefork child (measured).
  if (c != nullptr && c->result_backend.value.is_string()) {
    const std::string backend = c->result_backend.value.get<std::string>();
    if (backend.rfind("db+postgres", 0) == 0) {
      plan::alias_use a;
      a.alias = "result backend";
      a.target = b.model.servers.empty() ? "postgres" : b.model.servers.front().input.name;
      if (pool == "prefork") a.fixed_per_process = 1;
      a.persistence = plan::persistence::persistent;
      in.aliases.push_back(a);
      b.assume(fmt::format("server of {}'s result backend", w.name), a.target, "the first server",
               w.name);
    }
  }
}

// The command in a start command line that runs this kind of service.
const launch::command* command_for(const launch::parse_result& parsed, plan::service_kind kind) {
  for (const auto& c : parsed.commands) {
    using launch::program;
    switch (kind) {
      case plan::service_kind::gunicorn:
        if (c.program == program::gunicorn) return &c;
        break;
      case plan::service_kind::uvicorn:
        if (c.program == program::uvicorn) return &c;
        break;
      case plan::service_kind::daphne:
        if (c.program == program::daphne) return &c;
        break;
      case plan::service_kind::celery_worker:
        if (c.program == program::celery && c.subcommand == "worker") return &c;
        break;
      case plan::service_kind::celery_beat:
        if (c.program == program::celery && c.subcommand == "beat") return &c;
        break;
      case plan::service_kind::command:
        if (c.program == program::django_manage || c.program == program::django_admin) return &c;
        break;
    }
  }
  return nullptr;
}

}  // namespace

void load_services(builder& b, const discovered_files& found) {
  std::map<std::string, django::settings_model> cache;
  celery_cache celery_models;
  const std::vector<launched_service> launched = launched_services(b);
  for (const auto& w : wanted_services(b, found, launched)) {
    loaded_service ls;
    const launchfiles::launched_process* lp = w.launched ? w.launched->process : nullptr;
    ls.env = merged_env(b.options, b.model.config, w.decl, lp ? &lp->env : nullptr);
    inspect_options o = options_for(b, ls.env, w.decl);
    auto& in = ls.input;
    in.name = w.name;
    in.kind = w.kind;
    if (w.decl) {
      in.replicas = plan::count::known(w.decl->replicas.value, w.decl->replicas.origin);
      add_source(in, source::toml(w.decl->declared_at));
    } else {
      in.replicas = plan::count::known(1, source::default_value());
    }
    const bool launch_count = lp != nullptr && lp->replicas.has_value();
    if (launch_count) {
      // "replicas multiply" (CONTRACTS §8): connplan.toml's replicas × the launch file's count.
      const auto& r = *lp->replicas;
      const source from = source::from_file(r.where.file.empty() ? lp->command_at : r.where);
      const long long toml = w.decl ? w.decl->replicas.value : 1;
      in.replicas =
          r.value ? plan::count::known(toml * *r.value, from)
                  : plan::count::unknown(
                        fmt::format("replicas of {}: {} ({})", w.name, r.text, r.reason), from);
      if (w.decl && w.decl->replicas.origin.kind != source_kind::default_value)
        in.replicas.sources.push_back(w.decl->replicas.origin);
      add_source(in, from);
    }
    if (lp != nullptr && lp->surge) {
      const auto& s = *lp->surge;
      const source from = source::from_file(s.where.file.empty() ? lp->command_at : s.where);
      in.surge_replicas =
          s.value ? plan::count::known(*s.value, from)
                  : plan::count::unknown(fmt::format("maxSurge of {}: {}", w.name, s.reason), from);
    }
    if (!launch_count && (!w.decl || w.decl->replicas.origin.kind == source_kind::default_value)) {
      b.assume(fmt::format("replicas of {}", w.name), "1", "default", w.name);
    }
    if (w.decl && w.decl->version) {
      if (w.kind == plan::service_kind::gunicorn) o.gunicorn_version = w.decl->version->value;
      if (w.kind == plan::service_kind::celery_worker ||
          w.kind == plan::service_kind::celery_beat) {
        o.celery_version = w.decl->version->value;
      }
    }

    // `command = "…"`: the service's start command, read with the programs' own flag tables.
    std::optional<launch::parse_result> parsed;
    const launch::command* cmd = nullptr;
    source command_source;
    if (w.decl && w.decl->command) {
      launch::parse_options po;
      po.env = ls.env;
      parsed = launch::parse_command_line(w.decl->command->value, po);
      cmd = command_for(*parsed, w.kind);
      command_source = w.decl->command->origin;
      if (cmd == nullptr) {
        b.add_findings({make_finding(
            "CP804",
            fmt::format("connplan cannot follow the command of {}: it starts no {} it "
                        "recognises",
                        w.name, plan::to_string(w.kind)),
            w.decl->command->origin.location, fmt::format("service.{}.command", w.name))});
      }
      if (lp != nullptr) {
        b.add_findings({make_finding(
            "CP803",
            fmt::format("connplan.toml's command for {} is used, not the one {} starts", w.name,
                        lp->file),
            lp->command_at, fmt::format("launch.{}.command", w.name))});
      }
    } else if (lp != nullptr && !w.launched->embedded_beat) {
      // The command the launch file starts, read as a `command = "…"` would be.
      launch::parse_options po;
      po.env = ls.env;
      parsed = launch::parse_command_line(lp->command, po);
      cmd = command_for(*parsed, w.kind);
      command_source = source::from_file(lp->command_at);
      if (cmd != nullptr) add_source(in, command_source);
    }

    switch (w.kind) {
      case plan::service_kind::gunicorn:
        plan_gunicorn(b, ls, w, o, cmd, command_source);
        break;
      case plan::service_kind::uvicorn:
      case plan::service_kind::daphne:
        in.processes = plan::count::known(1, source::default_value());
        in.model = plan::concurrency_model::asgi;
        in.model_label = w.kind == plan::service_kind::daphne ? "daphne" : "uvicorn";
        if (cmd != nullptr && w.kind == plan::service_kind::uvicorn) {
          // uvicorn --workers (else UVICORN_WORKERS, WEB_CONCURRENCY, 1) and --limit-concurrency.
          auto eff = launch::resolve_uvicorn(*cmd, ls.env);
          in.processes = count_from(eff.workers,
                                    eff.workers_from == "default"
                                        ? source::default_value()
                                        : flag_source(w, cmd, "workers", command_source),
                                    "--workers");
          if (eff.limit_concurrency)
            in.concurrency = count_from(*eff.limit_concurrency,
                                        flag_source(w, cmd, "limit_concurrency", command_source),
                                        "--limit-concurrency");
          add_source(in, command_source);
          if (in.processes.sources.front() != command_source)
            add_source(in, in.processes.sources.front());
        }
        break;
      case plan::service_kind::celery_worker:
        plan_celery(b, ls, w, o, false, cmd, command_source, celery_models);
        break;
      case plan::service_kind::celery_beat:
        plan_celery(b, ls, w, o, true, cmd, command_source, celery_models);
        break;
      case plan::service_kind::command:
        in.processes = plan::count::known(1, source::default_value());
        in.model = plan::concurrency_model::one;
        in.model_label = "management command";
        break;
    }

    // The Django settings this service runs with, evaluated once per (file, environment).
    if (auto choice = choose_settings(b, found, w.decl, ls.env)) {
      const std::string key = cache_key(choice->path, o);
      auto it = cache.find(key);
      if (it == cache.end()) {
        it = cache.emplace(key, django::load(b.absolute(choice->path), o)).first;
        b.add_findings(it->second.findings);
        for (const auto& f : it->second.settings_chain) b.model.files_read.push_back(f);
      }
      ls.django = it->second;
      b.assume(fmt::format("Django settings of {}", w.name), choice->path, choice->origin, w.name);
      in.django_per_request_threads = version_at_least(b.model.django_version, 4, 0);
      bool db_beat = true;
      if (w.kind == plan::service_kind::celery_beat) {
        // Beat opens database connections only with a database scheduler (django-celery-beat).
        const celery::model* c = ls.celery ? &*ls.celery : nullptr;
        std::string scheduler = c != nullptr && c->beat_scheduler.value.is_string()
                                    ? c->beat_scheduler.value.get<std::string>()
                                    : std::string();
        // `celery beat -S/--scheduler X` wins over beat_scheduler (celery/apps/beat.py @ 5.4
        // Beat.__init__: `self.scheduler_cls = scheduler or app.conf.beat_scheduler`).
        if (cmd != nullptr) {
          if (auto it = cmd->flags.find("scheduler");
              it != cmd->flags.end() && it->second.value.known && !it->second.value.text.empty())
            scheduler = it->second.value.text;
        }
        db_beat = scheduler.find("DatabaseScheduler") != std::string::npos ||
                  scheduler.find("django_celery_beat") != std::string::npos;
      }
      if (db_beat) {
        std::vector<source> extra;
        auto aliases = aliases_of(b, *ls.django, w.decl, w.name, extra);
        for (const auto& s : extra) add_source(in, s);
        in.aliases.insert(in.aliases.begin(), aliases.begin(), aliases.end());
      }
    } else {
      b.assume(fmt::format("Django settings of {}", w.name), "none found",
               "no DATABASES: the service opens no Django connections", w.name);
    }
    b.model.services.push_back(std::move(ls));
  }
}

}  // namespace connplan::model_detail
