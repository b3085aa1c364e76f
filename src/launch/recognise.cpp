// Wrappers seen in real start commands (shared corpus, launch/): `exec` and `umask 0 && exec`
// (TandoorRecipes boot.sh), `su-exec USER` (taiga async_entrypoint.sh), `newrelic-admin
// run-program` (mozilla/pontoon Procfile), `ddtrace-run` and `env NAME=…` (pypi/warehouse
// Procfile), `bin/start-nginx` (python/pythondotorg Procfile; heroku-buildpack-nginx runs the
// rest of the line), `python -m gunicorn.app.wsgiapp` (warehouse), `/venv/bin/gunicorn` (netbox),
// `sh -c '…'` (TandoorRecipes k8s deployment). Others are documented launchers that run the
// rest of their command line: `nohup`, `gosu USER`, `opentelemetry-instrument [--opt value]…`,
// `poetry run`, `pipenv run`, `uv run [options]`, the Heroku pgbouncer buildpack's
// `bin/start-pgbouncer[-stunnel]`, `dumb-init`, `tini --`.
#include "launch/recognise.hpp"

#include <algorithm>
#include <string_view>

namespace connplan::launch::detail {

std::string basename_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `python`, `python3`, `python3.11`: python(\d(\.\d+)?)? — by hand, because compiling a
// std::regex showed in the profile of every cold run.
bool is_python(std::string_view name) {
  if (!name.starts_with("python")) return false;
  std::string_view rest = name.substr(6);
  if (rest.empty()) return true;
  if (!is_digit(rest[0])) return false;
  rest.remove_prefix(1);
  if (rest.empty()) return true;
  if (rest[0] != '.' || rest.size() < 2) return false;
  return std::all_of(rest.begin() + 1, rest.end(), is_digit);
}

program program_named(const std::string& name) {
  if (name == "gunicorn") return program::gunicorn;
  if (name == "uvicorn") return program::uvicorn;
  if (name == "daphne") return program::daphne;
  if (name == "celery") return program::celery;
  if (name == "django-admin" || name == "django-admin.py") return program::django_admin;
  if (name == "manage.py") return program::django_manage;
  return program::unknown;
}

program module_named(const std::string& module) {
  // `python -m gunicorn` (gunicorn/__main__.py) and `python -m gunicorn.app.wsgiapp`
  // (gunicorn/app/wsgiapp.py `if __name__ == '__main__': run()`).
  if (module == "gunicorn" || module == "gunicorn.app.wsgiapp") return program::gunicorn;
  if (module == "uvicorn") return program::uvicorn;
  if (module == "daphne") return program::daphne;        // daphne/__main__.py
  if (module == "celery") return program::celery;        // celery/__main__.py
  if (module == "django") return program::django_admin;  // django/__main__.py
  return program::unknown;
}

}  // namespace

recognised recognise(std::span<const word> words) {
  recognised r;
  std::size_t i = 0;
  const auto n = words.size();
  auto text = [&](std::size_t k) -> const std::string& { return words[k].text; };
  while (i < n) {
    const word& w = words[i];
    if (w.assignment) {
      const auto eq = w.text.find('=');
      r.env.emplace_back(w.text.substr(0, eq), w);
      ++i;
      continue;
    }
    const std::string& t = w.text;
    const std::string base = basename_of(t);
    // Reserved words that may start a command (XCU 2.4).
    if (t == "then" || t == "else" || t == "do" || t == "!" || t == "{" || t == "elif" ||
        t == "time") {
      ++i;
      continue;
    }
    if (t == "exec" || t == "nohup" || t == "command" || base == "dumb-init") {
      r.wrappers.push_back(t);
      ++i;
      // exec [-c] [-l] [-a name] (bash); dumb-init [--single-child|-c|-r s:r …].
      while (i < n && text(i).size() > 1 && text(i)[0] == '-') {
        const bool takes = text(i) == "-a" || text(i) == "-r" || text(i) == "--rewrite";
        i += takes ? 2 : 1;
      }
      continue;
    }
    if (base == "tini") {
      r.wrappers.push_back("tini");
      ++i;
      while (i < n && text(i) != "--" && text(i).size() > 1 && text(i)[0] == '-') ++i;
      if (i < n && text(i) == "--") ++i;
      continue;
    }
    if (base == "env") {
      r.wrappers.push_back("env");
      ++i;
      while (i < n) {
        const std::string& a = text(i);
        if (a == "-i" || a == "-" || a == "--ignore-environment" || a == "-0") {
          ++i;
        } else if (a == "-u" || a == "-C" || a == "-S") {
          i += 2;
        } else if (a.starts_with("--unset=") || a.starts_with("--chdir=")) {
          ++i;
        } else if (a.find('=') != std::string::npos && a[0] != '=' && a[0] != '-') {
          // env(1): every leading NAME=VALUE operand is an assignment, quoted or not.
          r.env.emplace_back(a.substr(0, a.find('=')), words[i]);
          ++i;
        } else {
          break;
        }
      }
      continue;
    }
    if (base == "su-exec" || base == "gosu") {
      r.wrappers.push_back(base);
      i += 2;  // the user
      continue;
    }
    if (base == "newrelic-admin" && i + 1 < n && text(i + 1) == "run-program") {
      r.wrappers.push_back("newrelic-admin run-program");
      i += 2;
      continue;
    }
    if (base == "ddtrace-run" || base == "opentelemetry-instrument") {
      r.wrappers.push_back(base);
      ++i;
      // opentelemetry-instrument's options all take a value (`--traces_exporter console`).
      while (i < n && text(i).starts_with("--")) {
        const bool inline_value = text(i).find('=') != std::string::npos;
        i += (inline_value || base == "ddtrace-run") ? 1 : 2;
      }
      continue;
    }
    if ((base == "poetry" || base == "pipenv" || base == "pdm") && i + 1 < n &&
        text(i + 1) == "run") {
      r.wrappers.push_back(base + " run");
      i += 2;
      continue;
    }
    if (base == "uv" && i + 1 < n && text(i + 1) == "run") {
      r.wrappers.push_back("uv run");
      i += 2;
      // uv run's options that take a value (uv docs, `uv run --help`).
      static constexpr std::string_view valued[] = {"--with",
                                                    "--with-editable",
                                                    "--with-requirements",
                                                    "--python",
                                                    "-p",
                                                    "--env-file",
                                                    "--project",
                                                    "--directory",
                                                    "--package",
                                                    "--extra",
                                                    "--group",
                                                    "--index",
                                                    "-w",
                                                    "--only-group",
                                                    "--no-group",
                                                    "--index-url",
                                                    "--extra-index-url",
                                                    "--cache-dir"};
      while (i < n && text(i).size() > 1 && text(i)[0] == '-') {
        if (text(i) == "--") {
          ++i;
          break;
        }
        const bool takes =
            std::find(std::begin(valued), std::end(valued), text(i)) != std::end(valued);
        i += takes ? 2 : 1;
      }
      continue;
    }
    if (base.starts_with("start-nginx") || base.starts_with("start-pgbouncer")) {
      r.wrappers.push_back(base);
      ++i;
      continue;
    }
    if (is_shell(base)) {
      std::size_t k = i + 1;
      if (base == "busybox" && k < n && is_shell(text(k))) ++k;
      bool dash_c = false;
      while (k < n && text(k).size() > 1 && (text(k)[0] == '-' || text(k)[0] == '+')) {
        if (text(k)[0] == '-' && text(k).find('c') != std::string::npos && text(k)[1] != '-')
          dash_c = true;
        ++k;
        if (dash_c) break;
      }
      if (dash_c && k < n) {
        r.wrappers.push_back(base + " -c");
        r.shell_string = k;
        r.program_word = i;
        r.executable = base;
        return r;
      }
      r.program_word = i;
      r.executable = t;
      r.first_argument = i + 1;
      return r;
    }
    if (is_python(base)) {
      r.program_word = i;
      std::size_t k = i + 1;
      while (k < n && text(k).size() > 1 && text(k)[0] == '-') {
        const std::string& o = text(k);
        if (o == "-m" && k + 1 < n) {
          r.program = module_named(text(k + 1));
          r.executable = t + " -m " + text(k + 1);
          r.first_argument = k + 2;
          return r;
        }
        if (o.starts_with("-m")) {
          r.program = module_named(o.substr(2));
          r.executable = t + " " + o;
          r.first_argument = k + 1;
          return r;
        }
        if (o == "-c") {
          r.executable = t + " -c";
          r.first_argument = k + 1;
          return r;
        }
        k += (o == "-W" || o == "-X") ? 2 : 1;
      }
      if (k < n) {
        r.program = program_named(basename_of(text(k)));
        if (r.program != program::django_manage && r.program != program::django_admin)
          r.program = program::unknown;
        r.executable = t + " " + text(k);
        r.first_argument = k + 1;
        return r;
      }
      r.executable = t;
      r.first_argument = k;
      return r;
    }
    r.program = program_named(base);
    r.program_word = i;
    r.executable = t;
    r.first_argument = i + 1;
    return r;
  }
  r.program_word = n;
  r.first_argument = n;
  return r;
}

bool is_shell(std::string_view name) {
  return name == "sh" || name == "bash" || name == "dash" || name == "ash" || name == "zsh" ||
         name == "ksh" || name == "busybox";
}

}  // namespace connplan::launch::detail
