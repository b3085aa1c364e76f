// Effective settings from a parsed command: gunicorn's precedence, Celery's worker pool and
// concurrency rules, uvicorn's process count.
#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "connplan/command_line.hpp"
#include "launch/option_parsers.hpp"

namespace connplan::launch {

std::string_view to_string(setting_origin o) {
  switch (o) {
    case setting_origin::command_line:
      return "command line";
    case setting_origin::gunicorn_cmd_args:
      return "GUNICORN_CMD_ARGS";
    case setting_origin::config_file:
      return "config file";
    case setting_origin::env_default:
      return "environment";
    case setting_origin::default_value:
      return "default";
  }
  return "default";
}

namespace {

std::map<std::string, std::string> command_env(const command& cmd,
                                               const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> out = env;
  for (const auto& a : cmd.env)
    if (a.value.known) out[a.name] = a.value.text;
  return out;
}

raw_value known(std::string text) {
  raw_value v;
  v.text = std::move(text);
  return v;
}

}  // namespace

gunicorn_effective resolve_gunicorn(const command& cmd,
                                    const std::map<std::string, std::string>& env,
                                    const std::map<std::string, raw_value>& config_settings,
                                    bool default_config_exists) {
  gunicorn_effective out;
  const auto process_env = command_env(cmd, env);
  // "if args.config: … elif env_args.config: … else: default_config = get_default_config_file()"
  // [gunicorn/app/base.py `load_config` @ 20.1.0 … 23.0.0]; get_default_config_file() is
  // ./gunicorn.conf.py in the working directory, when it exists.
  if (const auto it = cmd.flags.find("config"); it != cmd.flags.end()) {
    out.config_path = it->second.value;
    out.config_from = config_origin::command_line;
  } else if (const auto jt = cmd.cmd_args_flags.find("config"); jt != cmd.cmd_args_flags.end()) {
    out.config_path = jt->second.value;
    out.config_from = config_origin::gunicorn_cmd_args;
  } else if (default_config_exists) {
    out.config_path = known("./gunicorn.conf.py");
    out.config_from = config_origin::default_file;
  }

  // Defaults as gunicorn/config.py computes them when it is imported.
  std::map<std::string, effective_setting> defaults;
  auto def = [&](const std::string& name, std::string value) {
    effective_setting s;
    s.value = known(std::move(value));
    s.items.assign(1, s.value);
    defaults[name] = std::move(s);
  };
  def("workers", "1");
  def("threads", "1");
  def("worker_class", "sync");
  def("worker_connections", "1000");
  def("max_requests", "0");
  def("max_requests_jitter", "0");
  def("timeout", "30");
  def("graceful_timeout", "30");
  def("keepalive", "2");
  def("preload_app", "false");
  def("bind", "127.0.0.1:8000");
  // `Workers.default = int(os.environ.get("WEB_CONCURRENCY", 1))`.
  if (const auto it = process_env.find("WEB_CONCURRENCY"); it != process_env.end()) {
    auto& s = defaults["workers"];
    s.value = known(it->second);
    s.items.assign(1, s.value);
    s.origin = setting_origin::env_default;
    s.detail = "WEB_CONCURRENCY";
  }
  // `Bind.default`: ['0.0.0.0:%s' % os.environ.get('PORT')] when PORT is set.
  if (const auto it = process_env.find("PORT"); it != process_env.end()) {
    auto& s = defaults["bind"];
    s.value = known("0.0.0.0:" + it->second);
    s.items.assign(1, s.value);
    s.origin = setting_origin::env_default;
    s.detail = "PORT";
  }

  std::set<std::string> names;
  for (const auto& [n, _] : defaults) names.insert(n);
  for (const auto& [n, _] : cmd.flags) names.insert(n);
  for (const auto& [n, _] : cmd.cmd_args_flags) names.insert(n);
  for (const auto& [n, _] : config_settings) names.insert(n);
  names.erase("config");

  for (const auto& name : names) {
    effective_setting s;
    // Least to most authoritative: defaults/env, config file, GUNICORN_CMD_ARGS, command line
    // ("for k, v in vars(env_args).items(): … self.cfg.set(k.lower(), v)" then the same for
    // the command line's args).
    if (const auto it = cmd.flags.find(name); it != cmd.flags.end()) {
      s.value = it->second.value;
      s.items = it->second.items;
      s.origin = setting_origin::command_line;
      s.detail = it->second.spelling;
    } else if (const auto jt = cmd.cmd_args_flags.find(name); jt != cmd.cmd_args_flags.end()) {
      s.value = jt->second.value;
      s.items = jt->second.items;
      s.origin = setting_origin::gunicorn_cmd_args;
      s.detail = jt->second.spelling;
    } else if (const auto kt = config_settings.find(name); kt != config_settings.end()) {
      s.value = kt->second;
      s.items.assign(1, kt->second);
      s.origin = setting_origin::config_file;
      s.detail = out.config_path ? out.config_path->text : "";
    } else if (const auto dt = defaults.find(name); dt != defaults.end()) {
      s = dt->second;
    } else {
      continue;
    }
    if (s.items.size() > 1) {
      // bind (append): several addresses.
      std::string joined;
      bool all_known = true;
      for (const auto& item : s.items) {
        if (!joined.empty()) joined += ',';
        joined += item.text;
        all_known = all_known && item.known;
      }
      s.value.text = joined;
      s.value.known = all_known;
    }
    out.settings[name] = std::move(s);
  }
  return out;
}

celery_worker_effective resolve_celery_worker(const command& cmd,
                                              const std::map<std::string, raw_value>& config) {
  celery_worker_effective out;
  const auto flag_of = [&](const std::string& name) -> const flag* {
    const auto it = cmd.flags.find(name);
    return it == cmd.flags.end() ? nullptr : &it->second;
  };
  const auto config_of = [&](const std::string& name) -> const raw_value* {
    const auto it = config.find(name);
    if (it == config.end()) return nullptr;
    // Falsy values (None, "", 0) count as not configured (`if value == 'prefork' and
    // worker_pool`, `value or app.conf.worker_concurrency`).
    if (it->second.known &&
        (it->second.text.empty() || it->second.text == "0" || it->second.text == "None"))
      return nullptr;
    return &it->second;
  };

  // WorkersPool.convert [celery/bin/worker.py @ v5.2.7]: "if value == 'prefork' and
  // worker_pool: value = concurrency.get_implementation(worker_pool)" — the CLI default is
  // 'prefork', so an explicit `-P prefork` cannot override a configured pool.
  if (const flag* f = flag_of("pool")) {
    out.pool = f->value;
    out.pool_from = f->origin == flag_origin::envvar ? "envvar " + f->spelling : "flag";
  } else {
    out.pool = known("prefork");
    out.pool_from = "default";
  }
  if (out.pool.known && out.pool.text == "prefork") {
    if (const raw_value* configured = config_of("worker_pool")) {
      out.pool = *configured;
      out.pool_from = "config";
    }
  }

  // `-c`: "callback=lambda ctx, _, value: value or ctx.obj.app.conf.worker_concurrency"; a
  // None concurrency becomes the CPU count when the worker starts (celery/worker/worker.py
  // `setup_defaults`: `either('worker_concurrency', concurrency) or cpu_count()`).
  const flag* c = flag_of("concurrency");
  long long n = 0;
  const bool flag_nonzero =
      c != nullptr && (!c->value.known || (detail::python_int(c->value.text, false, &n) && n != 0));
  if (flag_nonzero) {
    out.concurrency = c->value;
    out.concurrency_from = c->origin == flag_origin::envvar ? "envvar " + c->spelling : "flag";
  } else if (const raw_value* configured = config_of("worker_concurrency")) {
    out.concurrency = *configured;
    out.concurrency_from = "config";
  } else {
    out.concurrency.known = false;
    out.concurrency.text = "cpu_count()";
    out.concurrency.reason =
        "worker_concurrency is not set: the worker starts one process per CPU of its host";
    out.concurrency_from = "cpu_count";
  }

  // Autoscale.convert: "N" → (N, 0); "A,B" → tuple(reversed(sorted(map(int, value)))).
  if (const flag* a = flag_of("autoscale"); a != nullptr && a->value.known) {
    const auto& t = a->value.text;
    const auto comma = t.find(',');
    long long x = 0;
    long long y = 0;
    if (comma == std::string::npos) {
      if (detail::python_int(t, false, &x))
        out.autoscale = std::pair<int, int>(static_cast<int>(x), 0);
    } else if (detail::python_int(t.substr(0, comma), false, &x) &&
               detail::python_int(t.substr(comma + 1), false, &y)) {
      out.autoscale =
          std::pair<int, int>(static_cast<int>(std::max(x, y)), static_cast<int>(std::min(x, y)));
    }
  }
  if (const flag* b = flag_of("beat"); b != nullptr && b->value.known) {
    // On the command line -B is a flag ("true"). From CELERY_WORKER_BEAT the CeleryBeat type
    // keeps the string as it is (celery/bin/worker.py `CeleryBeat.convert` returns `value`), so
    // any non-empty value — even "false" — turns the embedded beat on.
    out.beat = b->origin == flag_origin::envvar ? !b->value.text.empty() : b->value.text == "true";
  }
  return out;
}

uvicorn_effective resolve_uvicorn(const command& cmd,
                                  const std::map<std::string, std::string>& env) {
  uvicorn_effective out;
  const auto process_env = command_env(cmd, env);
  // uvicorn/config.py `Config.__init__` @ 0.17.6 and 0.35.0: "self.workers = workers or 1";
  // "if workers is None and 'WEB_CONCURRENCY' in os.environ: self.workers =
  // int(os.environ['WEB_CONCURRENCY'])".
  if (const auto it = cmd.flags.find("workers"); it != cmd.flags.end()) {
    out.workers = it->second.value;
    out.workers_from =
        it->second.origin == flag_origin::envvar ? "envvar " + it->second.spelling : "flag";
    long long n = 0;
    if (out.workers.known && detail::python_int(out.workers.text, false, &n) && n == 0)
      out.workers = known("1");
  } else if (const auto jt = process_env.find("WEB_CONCURRENCY"); jt != process_env.end()) {
    out.workers = known(jt->second);
    out.workers_from = "WEB_CONCURRENCY";
  } else {
    out.workers = known("1");
    out.workers_from = "default";
  }
  // "if self.reload and self.workers > 1: logger.warning('"workers" flag is ignored when
  // reloading is enabled.')" — one server process (under the reloader).
  if (const auto rt = cmd.flags.find("reload");
      rt != cmd.flags.end() && rt->second.value.known && rt->second.value.text == "true") {
    out.workers = known("1");
    out.workers_from = "reload";
  }
  if (const auto lt = cmd.flags.find("limit_concurrency"); lt != cmd.flags.end())
    out.limit_concurrency = lt->second.value;
  return out;
}

}  // namespace connplan::launch
