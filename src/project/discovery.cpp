#include "project/discovery.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "project/gitignore.hpp"

namespace connplan {
namespace fs = std::filesystem;

namespace {

bool is_virtualenv(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "pyvenv.cfg", ec) || fs::exists(dir / "bin" / "activate", ec);
}

// Directories never walked: what no deployment keeps its configuration in.
bool skipped_directory(const std::string& name, const fs::path& dir) {
  if (name.empty() || name.front() == '.') return true;  // .git, .venv, .tox, .mypy_cache, ...
  static const char* const names[] = {"node_modules", "site-packages", "dist-packages",
                                      "__pycache__",  "venv",          "virtualenv"};
  for (const char* n : names) {
    if (name == n) return true;
  }
  return is_virtualenv(dir);
}

std::string read_small(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool launch_candidate(const std::string& name, const std::string& parent) {
  auto ends = [&](std::string_view s) { return name.ends_with(s); };
  if (name.starts_with("Dockerfile") || ends(".Dockerfile") || ends(".dockerfile") ||
      name.starts_with("Procfile") || ends(".service") || ends(".sh") || ends(".yml") ||
      ends(".yaml")) {
    return true;
  }
  if (ends(".conf") && (name.starts_with("supervisor") || parent == "conf.d" ||
                        parent == "supervisor" || parent == "supervisord.d")) {
    return name.rfind("pgbouncer", 0) != 0 && name != "postgresql.conf";
  }
  // Start scripts without an extension ("docker-entrypoint", "start-server", "run").
  return name.find('.') == std::string::npos &&
         (name.find("entrypoint") != std::string::npos || name.starts_with("start") ||
          name.starts_with("run") || name.starts_with("boot"));
}

void classify(const std::string& rel, discovered_files& out) {
  const fs::path p(rel);
  const std::string name = p.filename().string();
  const std::string parent = p.parent_path().filename().string();
  if (launch_candidate(name, parent)) out.launch_candidates.push_back(rel);
  if (name == "postgresql.conf" || name == "postgresql.conf.j2") {
    out.postgresql.push_back(rel);
  } else if (name.rfind("pgbouncer", 0) == 0 &&
             (name.ends_with(".ini") || name.ends_with(".conf"))) {
    out.pgbouncer.push_back(rel);
  } else if (!name.ends_with(".py")) {
    return;
  } else if (name.find("gunicorn") != std::string::npos) {
    out.gunicorn.push_back(rel);
  } else if (name == "celery.py" || name == "celeryconfig.py" || name == "celery_config.py") {
    out.celery.push_back(rel);
  } else if (name == "settings.py" || name.ends_with("_settings.py") ||
             (parent == "settings" && name != "__init__.py")) {
    out.django.push_back(rel);
  } else if (name == "manage.py" || name == "wsgi.py" || name == "asgi.py") {
    out.entry_points.push_back(rel);
  }
}

}  // namespace

discovered_files discover(const project_root& root, const std::vector<std::string>& exclude,
                          const discovery_limits& limits) {
  discovered_files out;
  ignore_rules rules;
  for (const auto& pattern : exclude) rules.add_pattern(pattern);

  struct pending {
    fs::path dir;
    std::string rel;
    int depth;
  };
  std::vector<pending> stack{{root.dir, "", 0}};
  std::size_t visited = 0;
  while (!stack.empty()) {
    pending current = std::move(stack.back());
    stack.pop_back();
    std::error_code ec;
    if (fs::exists(current.dir / ".gitignore", ec)) {
      rules.add(read_small(current.dir / ".gitignore"), current.rel);
    }
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(current.dir, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      if (++visited > limits.max_entries) break;
      entries.push_back(*it);
    }
    if (visited > limits.max_entries) {
      out.findings.push_back(make_finding(
          "CP006",
          fmt::format(
              "discovery stopped after {} directory entries; name the deployment's files in "
              "connplan.toml or exclude large directories with [project] exclude",
              limits.max_entries),
          std::nullopt, "discovery-entries"));
      break;
    }
    // Sorted so the walk, and everything after it, is the same on every machine.
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename() < b.path().filename();
    });
    for (const auto& entry : entries) {
      const std::string name = entry.path().filename().string();
      const std::string rel = current.rel.empty() ? name : current.rel + "/" + name;
      // Symlinks are not followed: a link can leave the root or loop (CONTRACTS §1).
      if (entry.is_symlink(ec)) continue;
      if (entry.is_directory(ec)) {
        if (skipped_directory(name, entry.path()) || rules.ignored(rel, true)) continue;
        if (current.depth + 1 > limits.max_depth) continue;
        stack.push_back({entry.path(), rel, current.depth + 1});
      } else if (entry.is_regular_file(ec)) {
        if (rules.ignored(rel, false)) continue;
        ++out.files_seen;
        out.files.push_back(rel);
        classify(rel, out);
      }
    }
  }
  for (auto* list : {&out.postgresql, &out.pgbouncer, &out.gunicorn, &out.celery, &out.django,
                     &out.entry_points, &out.launch_candidates, &out.files}) {
    std::sort(list->begin(), list->end());
  }
  return out;
}

}  // namespace connplan
