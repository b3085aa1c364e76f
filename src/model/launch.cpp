// Launch files in the model (issue 6; CONTRACTS §8): which files are read, and which of the
// processes they start are services connplan plans.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "connplan/command_line.hpp"
#include "launchfiles/compose_image.hpp"
#include "launchfiles/yaml_readers.hpp"
#include "model/model_support.hpp"
#include "model/parts.hpp"
#include "project/gitignore.hpp"

namespace connplan::model_detail {
namespace {

bool has_glob(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

// Celery's -A names a module ("crm", "crm.celery", "crm.celery:app"); its file is the app's
// configuration module (the first of mod/celery.py, mod.py, mod/__init__.py in the repository).
std::optional<std::string> celery_app_file(const builder& b, std::string app) {
  if (auto colon = app.find(':'); colon != std::string::npos) app.resize(colon);
  std::replace(app.begin(), app.end(), '.', '/');
  for (const std::string& candidate : {app + "/celery.py", app + ".py", app + "/__init__.py"}) {
    if (b.exists(candidate)) return candidate;
  }
  return std::nullopt;
}

std::optional<plan::service_kind> kind_of(const launch::command& c) {
  using launch::program;
  switch (c.program) {
    case program::gunicorn:
      return plan::service_kind::gunicorn;
    case program::uvicorn:
      return plan::service_kind::uvicorn;
    case program::daphne:
      return plan::service_kind::daphne;
    case program::celery:
      if (c.subcommand == "worker") return plan::service_kind::celery_worker;
      if (c.subcommand == "beat") return plan::service_kind::celery_beat;
      return std::nullopt;
    case program::django_manage:
    case program::django_admin:
      return plan::service_kind::command;
    case program::unknown:
      return std::nullopt;
  }
  return std::nullopt;
}

bool has_flag(const launch::command& c, const char* name) {
  auto it = c.flags.find(name);
  return it != c.flags.end() && it->second.value.known && it->second.value.text != "false";
}

// The Dockerfiles that compose services build: their images run as those services, not as
// processes of their own.
std::set<std::string> built_images(const builder& b) {
  std::set<std::string> out;
  for (const auto& f : b.launch_files) {
    for (const auto& p : f.processes) {
      if (f.from == launchfiles::format::compose && !p.dockerfile.empty()) out.insert(p.dockerfile);
    }
  }
  return out;
}

const launchfiles::launched_process* image_built_by(const builder& b, const std::string& path) {
  for (const auto& f : b.launch_files) {
    if (f.from == launchfiles::format::dockerfile && f.path == path && !f.processes.empty())
      return &f.processes.front();
  }
  return nullptr;
}

// A compose service built from a Dockerfile in the repository runs the image's command,
// environment and working directory as far as it does not replace them; a command that starts
// with an option needs the image's ENTRYPOINT, which is CP804 when the image is not built here.
void apply_images(builder& b) {
  for (auto& f : b.launch_files) {
    if (f.from != launchfiles::format::compose) continue;
    for (auto& p : f.processes) {
      const launchfiles::launched_process* image =
          p.dockerfile.empty() ? nullptr : image_built_by(b, p.dockerfile);
      if (image != nullptr) launchfiles::detail::apply_image(p, *image);
      const char* unread =
          b.exists(p.dockerfile) ? "was not read ([launch] exclude)" : "is not in the repository";
      if (p.command.empty() && !p.dockerfile.empty() && image == nullptr) {
        // No `command:`: the image's CMD runs, and connplan has not seen it.
        b.add_findings({make_finding(
            "CP804",
            fmt::format("connplan cannot follow the command of {}: it runs its image's CMD, and "
                        "its Dockerfile {} {}",
                        p.name, p.dockerfile, unread),
            p.command_at, fmt::format("launch.{}.image", p.name))});
        continue;
      }
      if (!launchfiles::detail::needs_image_entrypoint(p)) continue;
      const std::string why =
          !p.dockerfile.empty()
              ? fmt::format("its Dockerfile {} {}", p.dockerfile,
                            image != nullptr ? "has no ENTRYPOINT that names a program" : unread)
          : !p.image.empty() ? fmt::format("the image {} is not built in the repository", p.image)
                             : std::string("the service names no image");
      auto finding = make_finding(
          "CP804",
          fmt::format("connplan cannot follow the command of {}: `{}` starts with an option, so "
                      "its program is the image's ENTRYPOINT, and {}",
                      p.name, p.command, why),
          p.command_at, fmt::format("launch.{}.entrypoint", p.name));
      finding.notes.push_back(
          "give the service an `entrypoint:`, or declare it in connplan.toml with the full "
          "`command`");
      b.add_findings({finding});
    }
  }
}

}  // namespace

void read_launch_files(builder& b, const discovered_files& found) {
  const project_config& cfg = b.model.config;
  ignore_rules excluded;
  for (const auto& e : cfg.launch_exclude) excluded.add_pattern(e.value);
  std::vector<std::pair<std::string, bool>> paths;  // path, named in [launch] files
  for (const auto& p : found.launch_candidates) paths.emplace_back(p, false);
  for (const auto& f : cfg.launch_files) {
    if (!has_glob(f.value)) {
      paths.emplace_back(std::filesystem::path(f.value).lexically_normal().generic_string(), true);
      continue;
    }
    for (const auto& p : found.files) {
      if (glob_match(f.value, p)) paths.emplace_back(p, true);
    }
  }
  std::sort(paths.begin(), paths.end());
  // Named and discovered: keep one, the named one (it may not look like a launch file).
  paths.erase(std::unique(paths.begin(), paths.end(),
                          [](const auto& x, const auto& y) { return x.first == y.first; }),
              paths.end());
  launchfiles::read_options ro;
  ro.env = merged_env(b.options, cfg, nullptr);
  for (const auto& [path, named] : paths) {
    if (excluded.ignored(path, false)) continue;
    auto read = b.options.base.reader(b.absolute(path), b.options.base.limits);
    if (auto* failure = std::get_if<read_failure>(&read)) {
      if (named) {
        b.add_findings({make_finding("CP005", fmt::format("{}: {}", path, failure->message),
                                     source_location{path, {}, {}}, "launch." + path)});
      }
      continue;
    }
    const std::string& text = std::get<std::string>(read);
    auto f = launchfiles::format_of(path, std::string_view(text).substr(0, 4096));
    if (!f) {
      if (named) {
        b.add_findings({make_finding(
            "CP008",
            fmt::format("{} is listed in [launch] files but is not a launch file connplan reads",
                        path),
            source_location{path, {1, 1}, {1, 1}}, "launch." + path)});
      }
      continue;
    }
    auto file = launchfiles::read_launch_file(text, path, *f, ro);
    if (file.processes.empty() && file.autoscalers.empty() && file.findings.empty()) continue;
    b.model.files_read.push_back(path);
    b.add_findings(file.findings);
    b.launch_files.push_back(std::move(file));
  }
  // An HPA in one manifest scales a Deployment in another.
  std::vector<launchfiles::autoscaler> scalers;
  for (const auto& f : b.launch_files)
    scalers.insert(scalers.end(), f.autoscalers.begin(), f.autoscalers.end());
  for (auto& f : b.launch_files) {
    for (const auto& a : scalers) launchfiles::detail::apply_autoscaler(f.processes, a);
  }
  apply_images(b);
}

std::vector<launched_service> launched_services(builder& b) {
  std::vector<launched_service> out;
  const std::set<std::string> images = built_images(b);
  for (const auto& file : b.launch_files) {
    // A Dockerfile a compose service builds runs as that service (apply_images).
    if (file.from == launchfiles::format::dockerfile && images.count(file.path) != 0) continue;
    for (const auto& p : file.processes) {
      if (p.command.empty()) continue;
      launch::parse_options po;
      po.env = merged_env(b.options, b.model.config, nullptr, &p.env);
      const auto parsed = launch::parse_command_line(p.command, po);
      std::vector<launched_service> found;
      for (const auto& c : parsed.commands) {
        auto kind = kind_of(c);
        if (!kind) continue;
        const std::string id = fmt::format("launch.{}.{}", p.name, c.subcommand);
        // CONTRACTS §11 CP802: Django's development server (and auto-reloaders) in a file that
        // starts the deployment.
        const bool dev =
            (*kind == plan::service_kind::command &&
             (c.subcommand == "runserver" || c.subcommand == "runserver_plus")) ||
            ((*kind == plan::service_kind::gunicorn || *kind == plan::service_kind::uvicorn) &&
             has_flag(c, "reload"));
        if (dev) {
          auto f = make_finding(
              "CP802",
              fmt::format("{} starts a development server ({}) in a deployment launch file", p.name,
                          c.text),
              p.command_at, id);
          f.notes.push_back(
              "runserver and --reload are for development: one process, a file watcher, no "
              "worker management; run gunicorn, uvicorn or daphne instead");
          b.add_findings({f});
        }
        launched_service s;
        s.kind = *kind;
        s.process = &p;
        if (c.config && c.config->known && *kind == plan::service_kind::gunicorn) {
          const std::string cfg =
              std::filesystem::path(c.config->text).lexically_normal().generic_string();
          s.config = cfg;
          // A relative -c is relative to the working directory, which for a repository file is
          // its root or the launch file's directory; an absolute path is outside the repository
          // and is not checked.
          const std::string beside = (std::filesystem::path(file.path).parent_path() / cfg)
                                         .lexically_normal()
                                         .generic_string();
          if (!std::filesystem::path(cfg).is_absolute() && !b.exists(cfg) && !b.exists(beside)) {
            b.add_findings({make_finding(
                "CP801",
                fmt::format("{} starts gunicorn with -c {}, which is not in the repository", p.name,
                            cfg),
                p.command_at, id + ".config")});
          } else if (!b.exists(cfg) && b.exists(beside)) {
            s.config = beside;
          }
        }
        if (c.app && c.app->known &&
            (*kind == plan::service_kind::celery_worker ||
             *kind == plan::service_kind::celery_beat)) {
          s.config = celery_app_file(b, c.app->text);
        }
        found.push_back(s);
        if (*kind == plan::service_kind::celery_worker &&
            launch::resolve_celery_worker(c, {}).beat) {
          launched_service beat = s;
          beat.kind = plan::service_kind::celery_beat;
          beat.embedded_beat = true;
          found.push_back(beat);
        }
      }
      for (auto& s : found) {
        s.name = p.name;
        if (found.size() > 1) s.name += "/" + std::string(plan::to_string(s.kind));
        if (s.embedded_beat) s.name = p.name + "/beat";
        out.push_back(std::move(s));
      }
    }
  }
  return out;
}

}  // namespace connplan::model_detail
