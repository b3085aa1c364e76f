// load_project: connplan.toml (or discovery) → every file through its front end → the planner's
// input, with every assumption listed (issue 4, "The deployment").
#include <fmt/format.h>

#include <algorithm>

#include "connplan/error.hpp"
#include "model/model_support.hpp"
#include "model/parts.hpp"

namespace connplan {

plan::deployment project_model::deployment() const {
  plan::deployment d;
  for (const auto& s : servers) d.servers.push_back(s.input);
  for (const auto& b : pgbouncers) d.pgbouncers.push_back(b.input);
  for (const auto& s : services) d.services.push_back(s.input);
  return d;
}

namespace {

// CONTRACTS §1: connplan.toml beats pyproject.toml in the same directory; the root is its
// directory.
std::optional<std::filesystem::path> config_file_in(const std::filesystem::path& dir,
                                                    bool& pyproject) {
  std::error_code ec;
  for (const char* name : {"connplan.toml", ".connplan.toml"}) {
    if (std::filesystem::exists(dir / name, ec)) {
      pyproject = false;
      return dir / name;
    }
  }
  if (std::filesystem::exists(dir / "pyproject.toml", ec)) {
    pyproject = true;
    return dir / "pyproject.toml";
  }
  return std::nullopt;
}

void load_config(model_detail::builder& b) {
  const run_options& o = b.options;
  if (o.isolated) return;
  bool pyproject = false;
  std::optional<std::filesystem::path> file = o.config_file;
  if (file) {
    pyproject = file->filename() == "pyproject.toml";
  } else {
    file = config_file_in(o.base.root.dir, pyproject);
  }
  if (!file) return;
  auto read = o.base.reader(*file, o.base.limits);
  if (auto* failure = std::get_if<read_failure>(&read)) {
    // CONTRACTS §2: the config file in use is missing, unreadable or over a limit → exit 2.
    throw error(fmt::format("{}: {}", o.base.root.display(*file), failure->message));
  }
  const std::string shown = o.base.root.display(*file);
  project_config c = parse_project_config(std::get<std::string>(read), shown, pyproject);
  if (pyproject && c.servers.empty() && c.services.empty() && c.pgbouncers.empty() &&
      std::get<std::string>(read).find("[tool.connplan") == std::string::npos) {
    return;  // a pyproject.toml without [tool.connplan] is not connplan's
  }
  c.file = *file;
  c.display = shown;
  b.model.files_read.push_back(shown);
  b.model.config = std::move(c);
  b.add_findings(b.model.config.findings);
}

}  // namespace

project_model load_project(const run_options& options) {
  project_model m;
  m.root = options.base.root;
  model_detail::builder b{options, m};
  load_config(b);

  std::vector<std::string> exclude;
  for (const auto& e : m.config.exclude) exclude.push_back(e.value);
  discovered_files found = discover(m.root, exclude);
  b.add_findings(found.findings);

  // CONTRACTS §3: the command line, then connplan.toml, then the newest version in the catalogue.
  m.django_version = !options.base.django_version.empty() ? options.base.django_version
                     : m.config.django_version            ? m.config.django_version->value
                                                          : std::string(django::newest_version());

  model_detail::read_launch_files(b, found);
  model_detail::load_servers(b, found);
  model_detail::load_pgbouncers(b, found);
  model_detail::load_services(b, found);

  std::sort(m.files_read.begin(), m.files_read.end());
  m.files_read.erase(std::unique(m.files_read.begin(), m.files_read.end()), m.files_read.end());
  std::stable_sort(m.findings.begin(), m.findings.end(), canonical_less);
  return m;
}

}  // namespace connplan
