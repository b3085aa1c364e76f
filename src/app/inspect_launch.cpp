#include "app/inspect_launch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "connplan/command_line.hpp"
#include "connplan/json_io.hpp"
#include "connplan/redact.hpp"

namespace connplan {
namespace {

using nlohmann::json;

// The flags that decide a process's connections, by destination name in the flag tables
// (src/launch/*_tables.inc, generated from the programs' own parsers): gunicorn's worker count,
// class, threads and greenlets, recycling and preload (domain.md §1); uvicorn's workers and
// limit; Celery's pool, concurrency, autoscale, embedded beat and its scheduler, child recycling
// (domain.md §3.1).
constexpr std::array<std::string_view, 17> relevant_flags{"autoscale",
                                                          "beat",
                                                          "concurrency",
                                                          "graceful_timeout",
                                                          "limit_concurrency",
                                                          "max_memory_per_child",
                                                          "max_requests",
                                                          "max_requests_jitter",
                                                          "max_tasks_per_child",
                                                          "pool",
                                                          "preload_app",
                                                          "scheduler",
                                                          "threads",
                                                          "timeout",
                                                          "worker_class",
                                                          "worker_connections",
                                                          "workers"};

// Line starts of the text the readers located things in: they count lines and byte columns in
// the text without carriage returns.
class line_starts {
 public:
  explicit line_starts(std::string_view raw) {
    text_.reserve(raw.size());
    for (char c : raw)
      if (c != '\r') text_ += c;
    starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') starts_.push_back(i + 1);
  }
  // Byte offset of a 1-based line/column, or npos.
  [[nodiscard]] std::size_t offset(source_position p) const {
    if (p.line == 0 || p.column == 0 || p.line > starts_.size()) return std::string::npos;
    const std::size_t at = starts_[p.line - 1] + p.column - 1;
    return at <= text_.size() ? at : std::string::npos;
  }
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::size_t> starts_;
};

// Where a word of the command is written. When the command stands in the file as it was parsed
// (Procfile, shell scripts, one-line ExecStart=), a span maps to its own column; otherwise (exec
// form lists, supervisord's re-quoted words, continuation lines) to the command's start.
source_location locate(const launchfiles::launched_process& p, const line_starts& lines,
                       launch::text_span span) {
  const std::size_t begin = lines.offset(p.command_at.begin);
  if (begin == std::string::npos || span.begin > span.end ||
      lines.text().compare(begin, p.command.size(), p.command) != 0 ||
      p.command.find('\n') != std::string::npos || span.end > p.command.size()) {
    return p.command_at;
  }
  source_location at = p.command_at;
  at.begin.column += static_cast<std::uint32_t>(span.begin);
  at.end = at.begin;
  if (span.end > span.begin) at.end.column += static_cast<std::uint32_t>(span.end - span.begin - 1);
  return at;
}

std::string shown(std::string_view name, std::string_view value) {
  return is_secret_name(name) ? std::string(redacted) : redact_secrets(value);
}

// What one process's description adds to the file's findings.
using findings = std::vector<finding>;

json flag_json(const launch::flag& f, const launchfiles::launched_process& p,
               const line_starts& lines, findings& found) {
  const std::string value = shown(f.name, f.value.text);
  const source_location where = locate(p, lines, f.where);
  const bool relevant = is_connection_relevant_flag(f.name);
  json out{{"spelling", f.spelling},
           {"connection_relevant", relevant},
           {"source", to_json(f.origin == launch::flag_origin::envvar ? source::env(f.spelling)
                                                                      : source::from_file(where))}};
  if (relevant && !f.value.known) {
    // A count that depends on what connplan does not know is unknown, never guessed (issue 6:
    // "CP002 (a count from an unset variable)").
    found.push_back(
        make_finding("CP002",
                     redact_secrets(fmt::format("{} of {} ({}) cannot be resolved statically: {}",
                                                f.name, p.name, f.spelling, f.value.reason)),
                     where, fmt::format("{}.{}", p.name, f.name)));
  }
  switch (f.origin) {
    case launch::flag_origin::command_line:
      out["origin"] = "command_line";
      break;
    case launch::flag_origin::gunicorn_cmd_args:
      out["origin"] = "GUNICORN_CMD_ARGS";
      break;
    case launch::flag_origin::envvar:
      out["origin"] = "envvar";
      break;
  }
  if (f.value.known) {
    out["status"] = "known";
    out["value"] = value;
  } else {
    out["status"] = "unknown";
    out["value"] = nullptr;
    out["expr"] = value;
    out["reason"] = redact_secrets(f.value.reason);
  }
  return out;
}

json flags_json(const std::map<std::string, launch::flag>& flags,
                const launchfiles::launched_process& p, const line_starts& lines, findings& found) {
  json out = json::object();
  for (const auto& [name, f] : flags) out[name] = flag_json(f, p, lines, found);
  return out;
}

// The segment that is the process: the last one that starts a known program (`migrate &&
// exec gunicorn …` runs gunicorn for the process's life), else the last one.
std::size_t main_segment(const launch::parse_result& parsed) {
  for (std::size_t i = parsed.commands.size(); i-- > 0;)
    if (parsed.commands[i].program != launch::program::unknown) return i;
  return parsed.commands.size() - 1;
}

json program_json(const launchfiles::launched_process& p, const inspect_options& options,
                  const line_starts& lines, findings& found) {
  if (p.command.empty()) return nullptr;
  launch::parse_options parse;
  // CONTRACTS §8: --env (options.env) over the launch file's own environment.
  parse.env = p.env;
  for (const auto& [k, v] : options.env) parse.env[k] = v;
  parse.gunicorn_version = options.gunicorn_version;
  parse.celery_version = options.celery_version;
  const launch::parse_result parsed = launch::parse_command_line(p.command, parse);
  json errors = json::array();
  for (const auto& e : parsed.errors) errors.push_back(redact_secrets(e));
  if (parsed.commands.empty()) {
    return json{{"name", "unknown"},
                {"subcommand", nullptr},
                {"executable", ""},
                {"wrappers", json::array()},
                {"app", nullptr},
                {"config", nullptr},
                {"assignments", json::object()},
                {"flags", json::object()},
                {"nodes", json::array()},
                {"unparsed", json::array()},
                {"errors", std::move(errors)},
                {"also_runs", json::array()}};
  }
  const std::size_t main = main_segment(parsed);
  const launch::command& c = parsed.commands[main];
  for (const auto& e : c.errors) errors.push_back(redact_secrets(e));
  json assignments = json::object();
  for (const auto& a : c.env) {
    value_entry e = a.value.known
                        ? value_entry::known(shown(a.name, a.value.text),
                                             source::from_file(locate(p, lines, a.value.where)))
                        : value_entry::unknown(shown(a.name, a.value.text), a.value.reason,
                                               source::from_file(locate(p, lines, a.value.where)));
    assignments[a.name] = to_json(e);
  }
  json nodes = json::array();
  for (const auto& n : c.nodes)
    nodes.push_back(json{{"name", n.name}, {"flags", flags_json(n.flags, p, lines, found)}});
  json unparsed = json::array();
  for (const auto& u : c.unparsed)
    unparsed.push_back(json{{"word", redact_secrets(u.text)}, {"reason", u.reason}});
  json also = json::array();
  for (std::size_t i = 0; i < parsed.commands.size(); ++i)
    if (i != main) also.push_back(redact_secrets(parsed.commands[i].text));
  auto raw = [&](const std::optional<launch::raw_value>& v) -> json {
    if (!v) return nullptr;
    return v->known ? json(redact_secrets(v->text)) : json(nullptr);
  };
  json flags = flags_json(c.flags, p, lines, found);
  for (const auto& [name, f] : c.cmd_args_flags)
    if (!flags.contains(name)) flags[name] = flag_json(f, p, lines, found);
  return json{{"name", launch::to_string(c.program)},
              {"subcommand", c.subcommand.empty() ? json(nullptr) : json(c.subcommand)},
              {"executable", redact_secrets(c.executable)},
              {"wrappers", c.wrappers},
              {"app", raw(c.app)},
              {"config", raw(c.config)},
              {"assignments", std::move(assignments)},
              {"flags", std::move(flags)},
              {"nodes", std::move(nodes)},
              {"unparsed", std::move(unparsed)},
              {"errors", std::move(errors)},
              {"also_runs", std::move(also)}};
}

json count_json(const std::optional<launchfiles::launch_count>& c) {
  if (!c) return nullptr;
  const source from = source::from_file(c->where);
  return to_json(c->value ? value_entry::known(*c->value, from)
                          : value_entry::unknown(redact_secrets(c->text), c->reason, from));
}

json process_json(const launchfiles::launched_process& p, const inspect_options& options,
                  const line_starts& lines, findings& found) {
  json env = json::object();
  for (const auto& [name, value] : p.env) {
    const auto at = p.env_at.find(name);
    env[name] = to_json(value_entry::known(
        shown(name, value),
        at == p.env_at.end() ? source::default_value() : source::from_file(at->second)));
  }
  json env_files = json::array();
  for (const auto& [path, where] : p.env_files)
    env_files.push_back(json{{"path", path}, {"source", to_json(source::from_file(where))}});
  auto text_or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return json{
      {"name", p.name},
      {"command", p.command.empty() ? json(nullptr) : json(redact_secrets(p.command))},
      {"command_source",
       p.command.empty() ? json(nullptr) : to_json(source::from_file(p.command_at))},
      {"program", program_json(p, options, lines, found)},
      {"env", std::move(env)},
      {"env_files", std::move(env_files)},
      {"replicas", count_json(p.replicas)},
      {"surge", count_json(p.surge)},
      {"workdir", text_or_null(redact_secrets(p.workdir))},
      {"image", text_or_null(redact_secrets(p.image))},
      {"dockerfile", text_or_null(p.dockerfile)},
      {"workload", text_or_null(p.workload)},
  };
}

finding redacted_finding(finding f) {
  f.message = redact_secrets(f.message);
  for (auto& r : f.related) r.message = redact_secrets(r.message);
  for (auto& n : f.notes) n = redact_secrets(n);
  return f;
}

}  // namespace

bool is_connection_relevant_flag(std::string_view name) {
  return std::find(relevant_flags.begin(), relevant_flags.end(), name) != relevant_flags.end();
}

inspected_file inspect_launch_file(std::string_view text, const std::string& display,
                                   launchfiles::format format, const inspect_options& options) {
  launchfiles::read_options read;
  read.env = options.env;
  const launchfiles::launch_file file = launchfiles::read_launch_file(text, display, format, read);
  const line_starts lines(text);

  inspected_file out;
  out.path = display;
  out.kind = std::string(launchfiles::to_string(format));
  out.complete = file.complete;
  for (const auto& f : file.findings) {
    // The launch file's own reader refuses it only for a syntax error (CP001); CP002 and CP804
    // are what connplan cannot know or follow, not what the program rejects.
    if (f.code == "CP001") out.accepted = false;
    out.diagnostics.push_back(redacted_finding(f));
  }
  json processes = json::array();
  findings found;
  for (const auto& p : file.processes) processes.push_back(process_json(p, options, lines, found));
  for (auto& f : found) {
    // The reader may have said it already (numprocs from an unset variable).
    const bool said =
        std::any_of(out.diagnostics.begin(), out.diagnostics.end(),
                    [&](const finding& d) { return d.code == f.code && d.location == f.location; });
    if (!said) out.diagnostics.push_back(std::move(f));
  }
  json autoscalers = json::array();
  for (const auto& a : file.autoscalers) {
    autoscalers.push_back(
        json{{"target", a.target}, {"max_replicas", count_json(std::optional(a.max_replicas))}});
  }
  out.extra["processes"] = std::move(processes);
  out.extra["autoscalers"] = std::move(autoscalers);
  return out;
}

}  // namespace connplan
