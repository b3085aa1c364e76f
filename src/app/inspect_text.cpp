#include "app/inspect_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/diagnostic_text.hpp"
#include "app/text_width.hpp"
#include "connplan/json_io.hpp"

namespace connplan {

std::string describe_source(const source& from) {
  switch (from.kind) {
    case source_kind::file:
      return format_location(from.location);
    case source_kind::default_value:
      return "default";
    case source_kind::assumed:
      return "assumed: " + from.detail;
    case source_kind::env:
      return "env " + from.detail;
    case source_kind::toml:
      return format_location(
          source_location{from.location.file, {from.location.begin.line, 0}, {}});
  }
  return "default";
}

namespace {

using nlohmann::json;

// Long values (auth_query, archive_command) are cut so the table stays readable; JSON has them
// whole.
constexpr std::size_t max_shown = 60;

std::string show_value(const json& v) {
  std::string text = v.is_string() ? v.get<std::string>() : v.is_null() ? "(not set)" : v.dump();
  if (text.size() > max_shown) text = text.substr(0, max_shown - 3) + "...";
  return text;
}

std::string show_entry(const value_entry& e) {
  switch (e.status) {
    case value_status::known:
      return show_value(e.value);
    case value_status::unknown:
      return fmt::format("(unknown: {})", e.reason);
    case value_status::alternatives:
      return fmt::format("{} (one of {})", show_value(e.value), json(e.alternatives).dump());
  }
  return show_value(e.value);
}

struct row {
  std::string name, value, unit, where;
};

void append_table(std::string& out, const std::vector<row>& rows) {
  std::size_t name_w = 4, value_w = 5, unit_w = 4;
  for (const auto& r : rows) {
    name_w = std::max(name_w, display_width(r.name));
    value_w = std::max(value_w, display_width(r.value));
    unit_w = std::max(unit_w, display_width(r.unit));
  }
  out += fmt::format("  {}  {}  {}  {}\n", pad_right("name", name_w), pad_right("value", value_w),
                     pad_right("unit", unit_w), "source");
  for (const auto& r : rows) {
    out += fmt::format("  {}  {}  {}  {}\n", pad_right(r.name, name_w), pad_right(r.value, value_w),
                       pad_right(r.unit, unit_w), r.where);
  }
}

// A value entry as §4 serialises it, read back for display of kind-specific tables.
bool is_value_entry(const json& j) {
  return j.is_object() && j.contains("status") && j.contains("source");
}

std::string describe_json_source(const json& s) {
  const std::string kind = s.value("kind", "default");
  if (kind == "file") {
    return fmt::format("{}:{}:{}", s.value("file", ""), s.value("line", 0), s.value("column", 0));
  }
  if (kind == "assumed") return "assumed: " + s.value("reason", "");
  if (kind == "env") return "env " + s.value("name", "");
  if (kind == "toml") return fmt::format("{}:{}", s.value("file", ""), s.value("line", 0));
  return "default";
}

row json_entry_row(std::string name, const json& entry) {
  std::string value = entry.at("status") == "unknown"
                          ? fmt::format("(unknown: {})", entry.value("reason", ""))
                          : show_value(entry.at("value"));
  std::string unit =
      entry.contains("unit") && entry["unit"].is_string() ? entry["unit"].get<std::string>() : "";
  return row{std::move(name), std::move(value), std::move(unit),
             describe_json_source(entry.at("source"))};
}

// A list of value entries (Django's conn_max_age_history: one per store, in the order Python runs
// them): one row each, `name[i]`, with how the value was stored and whether Django ends up using
// it.
bool is_entry_list(const json& j) {
  return j.is_array() && !j.empty() &&
         std::all_of(j.begin(), j.end(), [](const json& e) { return is_value_entry(e); });
}

void append_entry_list(std::vector<row>& rows, const std::string& name, const json& entries) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const json& e = entries[i];
    row r = json_entry_row(fmt::format("{}[{}]", name, i), e);
    std::string notes = e.value("how", "");
    if (e.value("conditional", false)) notes += notes.empty() ? "in a branch" : ", in a branch";
    if (e.value("effective", false)) notes += notes.empty() ? "used" : ", used";
    if (!notes.empty()) r.value += " (" + notes + ")";
    rows.push_back(std::move(r));
  }
}

void append_extra(std::string& out, const json& extra) {
  for (const auto& [key, value] : extra.items()) {
    std::vector<row> rows;
    if (value.is_object()) {
      for (const auto& [name, member] : value.items()) {
        if (is_value_entry(member)) {
          rows.push_back(json_entry_row(name, member));
        } else if (is_entry_list(member)) {
          append_entry_list(rows, name, member);
        } else if (member.is_object()) {
          for (const auto& [field, entry] : member.items()) {
            if (is_value_entry(entry)) {
              rows.push_back(json_entry_row(name + "." + field, entry));
            } else {
              rows.push_back(row{name + "." + field, entry.dump(), "", ""});
            }
          }
        } else {
          rows.push_back(row{name, show_value(member), "", ""});
        }
      }
      out += fmt::format("{}:\n", key);
      if (rows.empty()) {
        out += "  (none)\n";
      } else {
        append_table(out, rows);
      }
    } else {
      out += fmt::format("{}: {}\n", key, show_value(value));
    }
  }
}

// ---- launch files: a block per process, `file:line:col` after every value ----

struct launch_row {
  std::string label, value, where;
};

void append_launch_rows(std::string& out, const std::vector<launch_row>& rows) {
  std::size_t label_w = 0, value_w = 0;
  for (const auto& r : rows) {
    label_w = std::max(label_w, display_width(r.label));
    value_w = std::max(value_w, display_width(r.value));
  }
  for (const auto& r : rows) {
    std::string line = fmt::format("  {}  {}", pad_right(r.label, label_w),
                                   r.where.empty() ? r.value : pad_right(r.value, value_w));
    if (!r.where.empty()) line += "  " + r.where;
    out += line + "\n";
  }
}

std::string entry_text(const json& entry) {
  if (entry.is_null()) return "(not set)";
  if (entry.value("status", "known") == "unknown") {
    return fmt::format("(unknown: {}) {}", entry.value("reason", ""), entry.value("expr", ""));
  }
  return show_value(entry.at("value"));
}

std::string source_text(const json& entry) {
  return entry.is_object() && entry.contains("source") ? describe_json_source(entry["source"]) : "";
}

void append_flags(std::vector<launch_row>& rows, const json& flags, const std::string& prefix) {
  std::vector<std::string> others;
  for (const auto& [name, f] : flags.items()) {
    if (!f.value("connection_relevant", false)) {
      others.push_back(f.value("spelling", name));
      continue;
    }
    std::string origin =
        f.value("origin", "command_line") == "command_line" ? "" : " via " + f.value("origin", "");
    rows.push_back(launch_row{
        prefix + name, fmt::format("{} ({}{})", entry_text(f), f.value("spelling", ""), origin),
        source_text(f)});
  }
  if (!others.empty())
    rows.push_back(
        launch_row{prefix + "other flags", fmt::format("{}", fmt::join(others, " ")), ""});
}

void append_launch_process(std::string& out, const json& p) {
  out += fmt::format("process {}\n", p.value("name", ""));
  std::vector<launch_row> rows;
  rows.push_back(
      launch_row{"command", p["command"].is_string() ? p["command"].get<std::string>() : "(none)",
                 p["command_source"].is_object() ? describe_json_source(p["command_source"]) : ""});
  if (const json& prog = p["program"]; prog.is_object()) {
    std::string what = prog.value("name", "unknown");
    if (prog["subcommand"].is_string()) what += " " + prog["subcommand"].get<std::string>();
    if (prog["app"].is_string()) what += fmt::format(" (app {})", prog["app"].get<std::string>());
    if (!prog["wrappers"].empty())
      what +=
          fmt::format(" via {}", fmt::join(prog["wrappers"].get<std::vector<std::string>>(), ", "));
    rows.push_back(launch_row{"program", what, ""});
    if (prog["config"].is_string())
      rows.push_back(launch_row{"config", prog["config"].get<std::string>(), ""});
    append_flags(rows, prog["flags"], "");
    for (const auto& n : prog["nodes"]) append_flags(rows, n["flags"], n.value("name", "") + ": ");
    for (const auto& [name, e] : prog["assignments"].items())
      rows.push_back(launch_row{"assigns " + name, entry_text(e), source_text(e)});
    for (const auto& a : prog["also_runs"])
      rows.push_back(launch_row{"also runs", a.get<std::string>(), ""});
    for (const auto& e : prog["errors"])
      rows.push_back(launch_row{"refused", e.get<std::string>(), ""});
  }
  rows.push_back(launch_row{"replicas", entry_text(p["replicas"]), source_text(p["replicas"])});
  if (!p["surge"].is_null())
    rows.push_back(launch_row{"surge", entry_text(p["surge"]), source_text(p["surge"])});
  for (const char* key : {"workdir", "image", "dockerfile", "workload"}) {
    if (p[key].is_string()) rows.push_back(launch_row{key, p[key].get<std::string>(), ""});
  }
  for (const auto& [name, e] : p["env"].items())
    rows.push_back(launch_row{"env " + name, entry_text(e), source_text(e)});
  for (const auto& f : p["env_files"])
    rows.push_back(launch_row{"env file", f.value("path", ""), describe_json_source(f["source"])});
  append_launch_rows(out, rows);
}

void append_launch(std::string& out, const json& extra) {
  const json& processes = extra.contains("processes") ? extra["processes"] : json::array();
  if (processes.empty()) out += "  (no process started)\n";
  for (const auto& p : processes) append_launch_process(out, p);
  if (extra.contains("autoscalers")) {
    for (const auto& a : extra["autoscalers"]) {
      out += fmt::format("autoscaler of {}: max {}  {}\n", a.value("target", ""),
                         entry_text(a["max_replicas"]), source_text(a["max_replicas"]));
    }
  }
}

}  // namespace

std::string render_inspect_text(const inspect_outcome& outcome, source_lines& sources) {
  std::string out;
  for (const auto& file : outcome.files) {
    out += fmt::format("{} ({}): {}, {}\n", file.path, file.kind,
                       file.accepted ? "accepted" : "NOT accepted",
                       file.complete ? "complete" : "incomplete");
    if (auto kind = parse_file_kind(file.kind); kind && is_launch_kind(*kind)) {
      append_launch(out, file.extra);
      for (const auto& d : file.diagnostics) out += format_diagnostic(d, sources);
      out += "\n";
      continue;
    }
    std::vector<row> rows;
    for (const auto& [name, entry] : file.settings) {
      rows.push_back(
          row{name, show_entry(entry), entry.unit.value_or(""), describe_source(entry.origin)});
    }
    append_table(out, rows);
    if (!file.shadowed.empty()) {
      out += "shadowed (overridden later):\n";
      std::vector<row> shadowed;
      for (const auto& s : file.shadowed) {
        shadowed.push_back(row{s.name, show_value(s.value), "", describe_source(s.origin)});
      }
      append_table(out, shadowed);
    }
    append_extra(out, file.extra);
    for (const auto& d : file.diagnostics) out += format_diagnostic(d, sources);
    out += "\n";
  }
  for (const auto& d : outcome.diagnostics) out += format_diagnostic(d, sources);
  return out;
}

}  // namespace connplan
