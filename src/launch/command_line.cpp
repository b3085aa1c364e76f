// parse_command_line: sh splitting, then wrappers, then the program's own parser.
#include "connplan/command_line.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "launch/programs.hpp"
#include "launch/recognise.hpp"
#include "launch/shell_words.hpp"
#include "launch/tables.hpp"

namespace connplan::launch {

std::string_view to_string(program p) {
  switch (p) {
    case program::gunicorn:
      return "gunicorn";
    case program::uvicorn:
      return "uvicorn";
    case program::daphne:
      return "daphne";
    case program::celery:
      return "celery";
    case program::django_manage:
      return "manage.py";
    case program::django_admin:
      return "django-admin";
    case program::unknown:
      break;
  }
  return "unknown";
}

std::vector<std::string> gunicorn_versions() {
  return detail::gunicorn_known_versions();
}

std::vector<std::string> celery_versions() {
  return detail::celery_known_versions();
}

namespace {

using detail::shell_env;
using detail::word;

std::string pick_version(const std::string& wanted, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), wanted) != known.end()) return wanted;
  return known.back();
}

class driver {
 public:
  driver(const parse_options& options, parse_result& out) : options_(options), out_(out) {
    gunicorn_version_ = pick_version(options.gunicorn_version, detail::gunicorn_known_versions());
    celery_version_ = pick_version(options.celery_version, detail::celery_known_versions());
  }

  void run(std::string_view text, const std::vector<std::size_t>* offsets, shell_env& env,
           int depth) {
    auto split = detail::split_shell(text, offsets, env);
    for (auto& e : split.errors) out_.errors.push_back(std::move(e));
    for (const auto& seg : split.segments) one_command(seg, env, depth);
  }

 private:
  void one_command(const detail::segment& seg, const shell_env& shell, int depth) {
    const auto r = detail::recognise(seg.words);
    if (r.shell_string) {
      const word& inner = seg.words[*r.shell_string];
      if (depth + 1 > options_.max_depth) {
        out_.errors.push_back(
            fmt::format("`sh -c` nested deeper than {} levels is not parsed", options_.max_depth));
        return;
      }
      if (!inner.known) {
        command cmd;
        cmd.executable = r.executable;
        cmd.wrappers = r.wrappers;
        cmd.where = seg.where;
        cmd.text = inner.text;
        cmd.unparsed.push_back({inner.text, inner.where, inner.reason});
        out_.commands.push_back(std::move(cmd));
        return;
      }
      // The inner string runs in a child shell: it sees exported variables only, plus the
      // assignments before `sh`.
      shell_env child;
      for (const auto& [name, v] : shell)
        if (v.exported) child[name] = v;
      for (const auto& [name, w] : r.env) child[name] = as_var(w);
      const std::size_t before = out_.commands.size();
      run(inner.text, &inner.offsets, child, depth + 1);
      for (auto i = before; i < out_.commands.size(); ++i) {
        auto& wr = out_.commands[i].wrappers;
        wr.insert(wr.begin(), r.wrappers.begin(), r.wrappers.end());
      }
      return;
    }
    if (r.program_word >= seg.words.size()) return;  // assignments only
    command cmd;
    cmd.program = r.program;
    cmd.executable = r.executable;
    cmd.wrappers = r.wrappers;
    for (const auto& [name, w] : r.env) {
      raw_value v = w.raw();
      v.text = w.text.substr(w.text.find('=') + 1);
      cmd.env.push_back({name, std::move(v)});
    }
    if (r.program_word < seg.words.size()) {
      cmd.where = {seg.words[r.program_word].where.begin, seg.where.end};
      std::vector<std::string> texts;
      for (auto i = r.program_word; i < seg.words.size(); ++i) texts.push_back(seg.words[i].text);
      cmd.text = fmt::format("{}", fmt::join(texts, " "));
    } else {
      cmd.where = seg.where;
    }
    // The program's environment: the shell's exported variables and the command's own
    // assignments.
    shell_env env;
    for (const auto& [name, v] : shell)
      if (v.exported) env[name] = v;
    for (const auto& [name, w] : r.env) env[name] = as_var(w);

    const std::size_t first = std::min(r.first_argument, seg.words.size());
    const std::span<const word> args(seg.words.data() + first, seg.words.size() - first);
    switch (cmd.program) {
      case program::gunicorn:
        detail::parse_gunicorn(cmd, args, env, gunicorn_version_);
        break;
      case program::uvicorn:
        detail::parse_uvicorn(cmd, args, env);
        break;
      case program::daphne:
        detail::parse_daphne(cmd, args);
        break;
      case program::celery:
        detail::parse_celery(cmd, args, env, celery_version_);
        break;
      case program::django_manage:
      case program::django_admin:
        detail::parse_django(cmd, args);
        break;
      case program::unknown:
        for (const auto& w : args) cmd.arguments.push_back(w.raw());
        break;
    }
    out_.commands.push_back(std::move(cmd));
  }

  static detail::shell_var as_var(const word& w) {
    detail::shell_var v;
    v.value = w.text.substr(w.text.find('=') + 1);
    v.known = w.known;
    v.reason = w.reason;
    v.variables = w.variables;
    v.exported = true;
    return v;
  }

  const parse_options& options_;
  parse_result& out_;
  std::string gunicorn_version_;
  std::string celery_version_;
};

}  // namespace

parse_result parse_command_line(std::string_view text, const parse_options& options) {
  parse_result out;
  if (text.size() > options.max_length) {
    out.errors.push_back(
        fmt::format("command line of {} bytes is longer than the limit of {} "
                    "bytes and is not parsed",
                    text.size(), options.max_length));
    return out;
  }
  try {
    shell_env env;
    for (const auto& [name, value] : options.env) env[name] = {value, true, {}, {}, true};
    driver d(options, out);
    d.run(text, nullptr, env, 0);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    // Nothing above should throw; if it does, the input is reported, not the program stopped.
    out.errors.push_back(
        fmt::format("internal error while parsing the command line: {}", e.what()));
  }
  return out;
}

}  // namespace connplan::launch
