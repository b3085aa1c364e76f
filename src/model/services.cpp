// The services of the deployment and what each one's processes open (issue 4; domain.md §7).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "model/model_support.hpp"
#include "model/parts.hpp"
#include "model/settings_module.hpp"

namespace connplan::model_detail {
namespace {

struct wanted_service {
  std::string name;
  plan::service_kind kind;
  std::optional<std::string> config;
  const service_decl* decl = nullptr;
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

std::vector<wanted_service> wanted_services(builder& b, const discovered_files& found) {
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
  auto persistent = [](const nlohmann::json& v) {
    return v.is_null() || (v.is_number() && v.get<double>() != 0);
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

void plan_gunicorn(builder& b, loaded_service& ls, const wanted_service& w,
                   const inspect_options& o) {
  auto& in = ls.input;
  if (!w.config) {
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
  ls.gunicorn = gunicorn::load(b.absolute(*w.config), o);
  b.add_findings(ls.gunicorn->diagnostics);
  for (const auto& f : ls.gunicorn->chain) b.model.files_read.push_back(f);
  const auto& g = *ls.gunicorn;
  in.processes = count_of(g.workers, "workers");
  add_source(in, g.workers.origin);
  const std::string cls = g.worker_class_effective.value.is_string()
                              ? g.worker_class_effective.value.get<std::string>()
                              : "";
  in.model_label = cls.empty() ? "unknown worker class" : cls;
  if (cls == "sync" || cls == "tornado") {
    in.model = plan::concurrency_model::one;
  } else if (cls == "gthread") {
    in.model = plan::concurrency_model::threads;
    in.concurrency = count_of(g.threads, "threads");
    add_source(in, g.threads.origin);
  } else if (cls == "gevent" || cls == "eventlet") {
    in.model = plan::concurrency_model::green;
    in.concurrency = count_of(g.worker_connections, "worker_connections");
    add_source(in, g.worker_connections.origin);
  } else if (cls.find("Uvicorn") != std::string::npos || cls.find("uvicorn") != std::string::npos) {
    in.model = plan::concurrency_model::asgi;
    in.model_label = "UvicornWorker";
  } else {
    in.model = plan::concurrency_model::threads;
    in.concurrency =
        plan::count::unknown(fmt::format("the worker class {} is unknown", in.model_label),
                             g.worker_class_effective.origin);
  }
  add_source(in, g.worker_class_effective.origin);
  in.reload_doubles = true;
  if (!std::filesystem::path(*w.config).filename().string().starts_with("gunicorn.conf.py")) {
    // Only ./gunicorn.conf.py loads without -c (domain.md §1.2); without a start command to check,
    // connplan assumes the file is named with -c (issue 4: CP003 needs a known command).
    b.assume(fmt::format("gunicorn config of {}", w.name),
             fmt::format("{} (loaded via -c)", *w.config),
             "assumed: only ./gunicorn.conf.py loads without -c", w.name);
  }
}

void plan_celery(builder& b, loaded_service& ls, const wanted_service& w, const inspect_options& o,
                 bool beat) {
  auto& in = ls.input;
  in.processes = plan::count::known(1, source::default_value());
  in.model = plan::concurrency_model::one;
  in.model_label = beat ? "beat" : "prefork";
  if (w.config) {
    ls.celery = celery::load(b.absolute(*w.config), o);
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

}  // namespace

void load_services(builder& b, const discovered_files& found) {
  std::map<std::string, django::settings_model> cache;
  for (const auto& w : wanted_services(b, found)) {
    loaded_service ls;
    ls.env = merged_env(b.options, b.model.config, w.decl);
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
    if (!w.decl || w.decl->replicas.origin.kind == source_kind::default_value) {
      b.assume(fmt::format("replicas of {}", w.name), "1", "default", w.name);
    }
    if (w.decl && w.decl->version) {
      if (w.kind == plan::service_kind::gunicorn) o.gunicorn_version = w.decl->version->value;
      if (w.kind == plan::service_kind::celery_worker ||
          w.kind == plan::service_kind::celery_beat) {
        o.celery_version = w.decl->version->value;
      }
    }

    switch (w.kind) {
      case plan::service_kind::gunicorn:
        plan_gunicorn(b, ls, w, o);
        break;
      case plan::service_kind::uvicorn:
      case plan::service_kind::daphne:
        in.processes = plan::count::known(1, source::default_value());
        in.model = plan::concurrency_model::asgi;
        in.model_label = w.kind == plan::service_kind::daphne ? "daphne" : "uvicorn";
        break;
      case plan::service_kind::celery_worker:
        plan_celery(b, ls, w, o, false);
        break;
      case plan::service_kind::celery_beat:
        plan_celery(b, ls, w, o, true);
        break;
      case plan::service_kind::command:
        in.processes = plan::count::known(1, source::default_value());
        in.model = plan::concurrency_model::one;
        in.model_label = "management command";
        break;
    }

    // The Django settings this service runs with, evaluated once per (file, environment).
    if (auto choice = choose_settings(b, found, w.decl, ls.env)) {
      std::string key = choice->path;
      for (const auto& [k, v] : ls.env) key += "\x1f" + k + "=" + v;
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
