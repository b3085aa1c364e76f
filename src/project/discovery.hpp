// Finding a deployment's files without connplan.toml (issue 4, "The deployment"): a walk of the
// root that honours .gitignore and skips hidden directories, virtualenvs, node_modules and
// site-packages; files are classified by their usual names.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/paths.hpp"

namespace connplan {

struct discovered_files {
  // Display paths (relative to the root), sorted bytewise.
  std::vector<std::string> postgresql;  // postgresql.conf (not conf.d fragments: they are included)
  std::vector<std::string> pgbouncer;   // pgbouncer.ini / pgbouncer*.conf
  std::vector<std::string> gunicorn;    // gunicorn.conf.py, gunicorn_config.py, *gunicorn*.py
  std::vector<std::string> celery;      // celery.py, celeryconfig.py, celery_config.py
  std::vector<std::string> django;      // settings.py, settings/*.py, *_settings.py
  std::vector<std::string>
      entry_points;  // manage.py, wsgi.py, asgi.py (they set DJANGO_SETTINGS_MODULE)
  // Files that may start processes (issue 6), by name: Dockerfile*, *.Dockerfile, Procfile*,
  // *.service, *.sh, *.yml/*.yaml, supervisord*.conf and conf.d/*.conf, entrypoint*/start*/run*
  // without an extension. The model decides with launchfiles::format_of (name and first bytes):
  // the project layer does not link the launch-file readers.
  std::vector<std::string> launch_candidates;
  std::vector<std::string> files;  // every file the walk saw (for [launch] files globs)
  std::vector<finding> findings;   // CP006 when the walk hits its limits
  std::size_t files_seen = 0;
};

struct discovery_limits {
  std::size_t max_entries = 200'000;  // directory entries visited
  int max_depth = 64;
};

// `exclude`: extra gitignore-style patterns relative to the root ([project] exclude).
[[nodiscard]] discovered_files discover(const project_root& root,
                                        const std::vector<std::string>& exclude,
                                        const discovery_limits& limits = {});

}  // namespace connplan
