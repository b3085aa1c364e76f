// connplan.toml with toml++: every key of CONTRACTS §8, each value with its line. Unknown keys are
// CP009 (a typo silently ignored is exactly the gunicorn trap connplan exists to catch); values of
// the wrong type are CP010.
#include "connplan/project.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include <toml++/toml.h>

namespace connplan {
namespace {

class reader {
 public:
  reader(project_config& out, std::string_view display) : out_(out), display_(display) {}

  source_location where(const toml::node& node) const {
    const auto& r = node.source();
    return source_location{
        display_,
        {static_cast<std::uint32_t>(r.begin.line), static_cast<std::uint32_t>(r.begin.column)},
        {static_cast<std::uint32_t>(r.end.line), static_cast<std::uint32_t>(r.end.column)}};
  }
  source origin(const toml::node& node) const { return source::toml(where(node)); }

  void invalid(const toml::node& node, std::string message, std::string identity) {
    out_.findings.push_back(
        make_finding("CP010", std::move(message), where(node), std::move(identity)));
  }

  void unknown_key(std::string_view key, const toml::node& node, std::string_view path) {
    out_.findings.push_back(
        make_finding("CP009",
                     fmt::format("unknown key \"{}\" in {}; connplan ignores it", key,
                                 path.empty() ? "the top level" : fmt::format("[{}]", path)),
                     where(node), fmt::format("{}.{}", path, key)));
  }

  // Reports every key of `table` not in `known`. `path` names the table for messages ("service").
  void check_keys(const toml::table& table, std::string_view path,
                  std::initializer_list<std::string_view> known) {
    for (const auto& [key, node] : table) {
      bool ok = false;
      for (auto k : known) ok = ok || k == key.str();
      if (!ok) unknown_key(key.str(), node, path);
    }
  }

  std::optional<toml_string> string(const toml::table& t, std::string_view key,
                                    std::string_view path) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    if (auto s = node->value<std::string>()) return toml_string{*s, origin(*node)};
    invalid(*node, fmt::format("{}.{} must be a string", path, key),
            fmt::format("{}.{}", path, key));
    return std::nullopt;
  }

  std::optional<toml_int> integer(const toml::table& t, std::string_view key, std::string_view path,
                                  long long min = 0) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return std::nullopt;
    if (auto v = node->value_exact<int64_t>()) {
      if (*v >= min) return toml_int{*v, origin(*node)};
      invalid(*node, fmt::format("{}.{} must be at least {}, got {}", path, key, min, *v),
              fmt::format("{}.{}", path, key));
      return std::nullopt;
    }
    invalid(*node, fmt::format("{}.{} must be an integer", path, key),
            fmt::format("{}.{}", path, key));
    return std::nullopt;
  }

  std::vector<toml_string> strings(const toml::table& t, std::string_view key,
                                   std::string_view path) {
    std::vector<toml_string> out;
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    const toml::array* arr = node->as_array();
    if (arr == nullptr) {
      invalid(*node, fmt::format("{}.{} must be an array of strings", path, key),
              fmt::format("{}.{}", path, key));
      return out;
    }
    for (const auto& item : *arr) {
      if (auto s = item.value<std::string>()) {
        out.push_back(toml_string{*s, origin(item)});
      } else {
        invalid(item, fmt::format("{}.{} must hold strings", path, key),
                fmt::format("{}.{}", path, key));
      }
    }
    return out;
  }

  std::map<std::string, toml_string> string_table(const toml::table& t, std::string_view key,
                                                  std::string_view path) {
    std::map<std::string, toml_string> out;
    const toml::node* node = t.get(key);
    if (node == nullptr) return out;
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      invalid(*node, fmt::format("{}.{} must be a table", path, key),
              fmt::format("{}.{}", path, key));
      return out;
    }
    for (const auto& [k, v] : *table) {
      if (auto s = v.value<std::string>()) {
        out[std::string(k.str())] = toml_string{*s, origin(v)};
      } else if (auto i = v.value_exact<int64_t>()) {
        // Environment values are strings; a bare number is what users mean by "8".
        out[std::string(k.str())] = toml_string{std::to_string(*i), origin(v)};
      } else {
        invalid(v, fmt::format("{}.{}.{} must be a string", path, key, k.str()),
                fmt::format("{}.{}.{}", path, key, k.str()));
      }
    }
    return out;
  }

  // `[x]` or `[[x]]`: a table or an array of tables, as a list.
  std::vector<const toml::table*> tables(const toml::table& root, std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* node = root.get(key);
    if (node == nullptr) return out;
    if (const auto* t = node->as_table()) {
      out.push_back(t);
    } else if (const auto* arr = node->as_array()) {
      for (const auto& item : *arr) {
        if (const auto* t = item.as_table()) {
          out.push_back(t);
        } else {
          invalid(item, fmt::format("[[{}]] entries must be tables", key), std::string(key));
        }
      }
    } else {
      invalid(*node, fmt::format("{} must be a table", key), std::string(key));
    }
    return out;
  }

  project_config& out_;
  std::string display_;
};

void read_project(reader& r, const toml::table& root) {
  project_config& out = r.out_;
  r.check_keys(root, "",
               {"project", "env", "postgres", "pgbouncer", "django", "service", "host", "budget",
                "rules", "launch"});
  if (auto* project = root.get_as<toml::table>("project")) {
    r.check_keys(*project, "project", {"python_path", "exclude"});
    if (project->contains("python_path"))
      out.python_path = r.strings(*project, "python_path", "project");
    out.exclude = r.strings(*project, "exclude", "project");
  }
  out.env = r.string_table(root, "env", "");
  // [launch] files / exclude (issue 6): launch files named explicitly, and globs not read as
  // launch files even when their name or shape says they are.
  if (auto* launch = root.get_as<toml::table>("launch")) {
    r.check_keys(*launch, "launch", {"files", "exclude"});
    out.launch_files = r.strings(*launch, "files", "launch");
    out.launch_exclude = r.strings(*launch, "exclude", "launch");
  }
  if (out.python_path.empty()) out.python_path.push_back(toml_string{".", source::default_value()});

  for (const auto* t : r.tables(root, "postgres")) {
    r.check_keys(
        *t, "postgres",
        {"name", "config", "max_connections", "version", "memory", "launch", "standby_of"});
    postgres_decl d;
    d.declared_at = r.where(*t);
    if (auto v = r.string(*t, "name", "postgres")) d.name = *v;
    d.config = r.string(*t, "config", "postgres");
    d.max_connections = r.integer(*t, "max_connections", "postgres", 1);
    d.version = r.string(*t, "version", "postgres");
    d.memory = r.string(*t, "memory", "postgres");
    d.launch = r.string(*t, "launch", "postgres");
    d.standby_of = r.string(*t, "standby_of", "postgres");
    out.servers.push_back(std::move(d));
  }
  for (const auto* t : r.tables(root, "pgbouncer")) {
    r.check_keys(*t, "pgbouncer", {"name", "config", "version", "server", "instances", "workdir"});
    pgbouncer_decl d;
    d.declared_at = r.where(*t);
    d.name = r.string(*t, "name", "pgbouncer");
    d.config = r.string(*t, "config", "pgbouncer");
    d.version = r.string(*t, "version", "pgbouncer");
    d.server = r.string(*t, "server", "pgbouncer");
    if (auto v = r.integer(*t, "instances", "pgbouncer", 1)) d.instances = *v;
    d.workdir = r.string(*t, "workdir", "pgbouncer");
    out.pgbouncers.push_back(std::move(d));
  }
  if (auto* django = root.get_as<toml::table>("django")) {
    r.check_keys(*django, "django", {"settings", "module", "version"});
    out.django_settings = r.string(*django, "settings", "django");
    out.django_module = r.string(*django, "module", "django");
    out.django_version = r.string(*django, "version", "django");
  }
  for (const auto* t : r.tables(root, "service")) {
    r.check_keys(*t, "service",
                 {"name", "kind", "config", "command", "replicas", "via", "routes", "settings",
                  "env", "cpus", "version", "match"});
    service_decl d;
    d.declared_at = r.where(*t);
    d.name = r.string(*t, "name", "service");
    d.kind = r.string(*t, "kind", "service");
    static const std::set<std::string> kinds{"gunicorn",      "uvicorn",     "daphne",
                                             "celery-worker", "celery-beat", "command"};
    if (d.kind && !kinds.count(d.kind->value)) {
      r.invalid(
          *t->get("kind"),
          fmt::format("service.kind \"{}\" is not one of gunicorn, uvicorn, daphne, celery-worker, "
                      "celery-beat, command",
                      d.kind->value),
          "service.kind");
      d.kind.reset();
    }
    d.config = r.string(*t, "config", "service");
    d.command = r.string(*t, "command", "service");
    if (auto v = r.integer(*t, "replicas", "service", 0)) d.replicas = *v;
    d.via = r.string(*t, "via", "service");
    d.routes = r.string_table(*t, "routes", "service");
    d.settings = r.string(*t, "settings", "service");
    d.env = r.string_table(*t, "env", "service");
    d.cpus = r.integer(*t, "cpus", "service", 1);
    d.version = r.string(*t, "version", "service");
    if (auto* m = t->get_as<toml::table>("match")) {
      r.check_keys(*m, "service.match", {"application_name", "usename", "datname", "client_addr"});
      d.match.application_name = r.string(*m, "application_name", "service.match");
      d.match.usename = r.string(*m, "usename", "service.match");
      d.match.datname = r.string(*m, "datname", "service.match");
      d.match.client_addr = r.string(*m, "client_addr", "service.match");
    }
    out.services.push_back(std::move(d));
  }
  if (auto* host = root.get_as<toml::table>("host")) {
    r.check_keys(*host, "host", {"cpus"});
    out.host_cpus = r.integer(*host, "cpus", "host", 1);
  }
  if (auto* budget = root.get_as<toml::table>("budget")) {
    r.check_keys(*budget, "budget", {"operations", "warn_percent"});
    if (auto v = r.integer(*budget, "operations", "budget", 0)) out.operations = *v;
    if (auto v = r.integer(*budget, "warn_percent", "budget", 1)) {
      if (v->value > 100) {
        r.invalid(*budget->get("warn_percent"), "budget.warn_percent must be at most 100",
                  "budget.warn_percent");
      } else {
        out.warn_percent = *v;
      }
    }
  }
  if (auto* rules = root.get_as<toml::table>("rules")) {
    // [rules.CPnnn] tables carry rule options; they are read by the rules themselves.
    for (const auto& [key, node] : *rules) {
      std::string k(key.str());
      if (k == "select" || k == "ignore" || k == "extend_select" || k == "severity" ||
          k == "per_file_ignores")
        continue;
      if (!(k.size() == 5 && k.rfind("CP", 0) == 0 && node.is_table()))
        r.unknown_key(k, node, "rules");
    }
    out.rules.select = r.strings(*rules, "select", "rules");
    out.rules.ignore = r.strings(*rules, "ignore", "rules");
    out.rules.extend_select = r.strings(*rules, "extend_select", "rules");
    out.rules.severity = r.string_table(*rules, "severity", "rules");
    if (auto* pfi = rules->get_as<toml::table>("per_file_ignores")) {
      for (const auto& [glob, codes] : *pfi) {
        out.rules.per_file_ignores[std::string(glob.str())] =
            r.strings(*pfi, glob.str(), "rules.per_file_ignores");
      }
    }
  }
}

}  // namespace

project_config parse_project_config(std::string_view text, std::string_view display,
                                    bool pyproject) {
  project_config out;
  out.display = std::string(display);
  reader r(out, display);
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view(display));
  } catch (const toml::parse_error& e) {
    const auto& s = e.source();
    source_location at{
        std::string(display),
        {static_cast<std::uint32_t>(s.begin.line), static_cast<std::uint32_t>(s.begin.column)},
        {static_cast<std::uint32_t>(s.begin.line), static_cast<std::uint32_t>(s.begin.column)}};
    out.findings.push_back(
        make_finding("CP001", fmt::format("invalid TOML: {}", e.description()), at, "toml"));
    out.python_path.push_back(toml_string{".", source::default_value()});
    return out;
  }
  if (pyproject) {
    const toml::table* tool = doc["tool"]["connplan"].as_table();
    if (tool == nullptr) {
      out.python_path.push_back(toml_string{".", source::default_value()});
      return out;
    }
    read_project(r, *tool);
  } else {
    read_project(r, doc);
  }
  std::stable_sort(out.findings.begin(), out.findings.end(), canonical_less);
  return out;
}

}  // namespace connplan
