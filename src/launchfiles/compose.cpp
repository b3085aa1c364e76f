// docker-compose files (compose-spec/spec.md @ 2024): each service under `services:` is one
// launched process: its command (entrypoint + command, as Docker combines them), environment,
// working directory, image, the Dockerfile it builds from, and how many copies run
// (`deploy.replicas`, `scale`).
#include <fmt/format.h>

#include <filesystem>

#include "connplan/finding.hpp"
#include "launchfiles/readers.hpp"
#include "launchfiles/yaml_readers.hpp"
#include "launchfiles/yaml_support.hpp"

namespace connplan::launchfiles::detail {
namespace {

struct compose_reader {
  const read_options& options;
  launch_file& out;
  output_budget& budget;

  source_location at(const YAML::Node& n) const { return location_of(n, out.path); }

  expanded interpolate(const YAML::Node& n, bool as_word) {
    const std::string text = scalar_of(n).value_or("");
    expanded e = interpolate_compose(text, options.env, as_word);
    if (e.too_long) {
      report_value_too_long(out, at(n), "a value of the compose file");
      return {};
    }
    if (!budget.take(e.text.size() + e.shell.size(), at(n))) return {};
    if (!e.error.empty()) {
      // `${X:?message}` with X unset, or a malformed `${`: `docker compose` refuses the file.
      out.findings.push_back(
          make_finding("CP002", fmt::format("docker compose would refuse this value: {}", e.error),
                       at(n), "compose." + text));
    }
    return e;
  }

  // A count: a whole number after interpolation; unknown (CP002) when a variable is not set.
  launch_count count(const YAML::Node& n, const std::string& service, std::string_view what) {
    launch_count c;
    c.where = at(n);
    c.text = scalar_of(n).value_or("");
    expanded e = interpolate(n, false);
    if (!e.known) {
      c.reason = fmt::format("the environment variable {} is not set", fmt::join(e.unknown, ", "));
      auto f = make_finding("CP002",
                            fmt::format("the {} of {} come from {}, which connplan does not know",
                                        what, service, c.text),
                            c.where, fmt::format("compose.{}.{}", service, what));
      f.notes.push_back(
          fmt::format("pass --env {}=N or set it in connplan.toml's [env]", e.unknown.front()));
      out.findings.push_back(std::move(f));
      return c;
    }
    try {
      std::size_t used = 0;
      const long long v = std::stoll(e.text, &used, 10);
      if (used == e.text.size() && v >= 0) {
        c.value = v;
        return c;
      }
    } catch (...) {
    }
    c.reason = fmt::format("\"{}\" is not a whole number", e.text);
    out.findings.push_back(make_finding(
        "CP002", fmt::format("the {} of {} are \"{}\", not a whole number", what, service, e.text),
        c.where, fmt::format("compose.{}.{}", service, what)));
    return c;
  }

  // `command:` / `entrypoint:`: a string is split by compose (shell-like, no shell runs); a list
  // is the exec form. Both become one sh command line.
  std::string command_text(const YAML::Node& n) {
    if (n.IsSequence()) {
      std::vector<expanded> words;
      std::size_t size = 0;
      for (const auto& w : n) {
        words.push_back(interpolate(w, true));
        size += words.back().shell.size() + 1;
        if (budget.spent()) return {};
        if (size > max_value_bytes) {
          report_value_too_long(out, at(n), "a command of the compose file");
          return {};
        }
      }
      return join_exec_form(words);
    }
    if (n.IsScalar()) return interpolate(n, false).shell;
    return {};
  }

  void environment(const YAML::Node& n, launched_process& p) {
    auto set = [&](const std::string& name, const YAML::Node& value, const YAML::Node& where) {
      if (!value.IsDefined() || value.IsNull()) {
        // `- NAME` / `NAME:` alone: the value comes from the shell running compose.
        if (auto it = options.env.find(name); it != options.env.end()) {
          p.env[name] = it->second;
          p.env_at[name] = at(where);
        }
        return;
      }
      expanded e = interpolate(value, false);
      if (!e.known) return;  // unknown: left unset, so the programs see no value
      p.env[name] = e.text;
      p.env_at[name] = at(where);
    };
    if (n.IsMap()) {
      for (const auto& [k, v] : entries_of(n)) set(k, v, v.IsDefined() && !v.IsNull() ? v : n);
    } else if (n.IsSequence()) {
      for (const auto& item : n) {
        const std::string s = scalar_of(item).value_or("");
        const auto eq = s.find('=');
        if (eq == std::string::npos) {
          set(s, YAML::Node(YAML::NodeType::Null), item);
        } else {
          expanded e = interpolate_compose(s.substr(eq + 1), options.env);
          if (e.known) {
            p.env[s.substr(0, eq)] = e.text;
            p.env_at[s.substr(0, eq)] = at(item);
          }
        }
      }
    }
  }

  std::string dockerfile_of(const YAML::Node& build) {
    std::string context, file = "Dockerfile";
    if (build.IsScalar()) {
      context = interpolate(build, false).text;
    } else if (build.IsMap()) {
      context = interpolate(member(build, "context"), false).text;
      if (auto f = scalar_of(member(build, "dockerfile")))
        file = interpolate_compose(*f, options.env).text;
    } else {
      return {};
    }
    if (context.empty()) context = ".";
    // A remote context (git URL, http) is not in the repository.
    if (context.find("://") != std::string::npos || context.starts_with("git@")) return {};
    std::filesystem::path base = std::filesystem::path(out.path).parent_path();
    std::filesystem::path p = std::filesystem::path(file).is_absolute()
                                  ? std::filesystem::path(file)
                                  : base / context / file;
    return p.lexically_normal().generic_string();
  }

  void service(const std::string& name, const YAML::Node& svc) {
    launched_process p;
    p.name = name;
    p.from = format::compose;
    p.file = out.path;
    p.command_at = at(svc);
    if (!svc.IsMap()) {
      out.findings.push_back(make_finding("CP804",
                                          fmt::format("compose service {} is not a mapping", name),
                                          at(svc), "compose." + name));
      return;
    }
    const YAML::Node entrypoint = member(svc, "entrypoint");
    const YAML::Node command = member(svc, "command");
    const bool has_entrypoint = entrypoint.IsDefined() && !entrypoint.IsNull();
    const bool has_command = command.IsDefined() && !command.IsNull();
    // "entrypoint overrides the ENTRYPOINT of the image; when entrypoint is set, compose ignores
    // any default command of the image (CMD)" (compose-spec services.md "entrypoint"); `command`
    // overrides CMD and is passed to the entrypoint as arguments.
    std::string text;
    if (has_entrypoint) {
      text = command_text(entrypoint);
      p.command_at = at(entrypoint);
      p.entrypoint_at = p.command_at;  // the image's ENTRYPOINT and CMD are not used
    }
    if (has_command) {
      const std::string c = command_text(command);
      text = text.empty() ? c : c.empty() ? text : text + " " + c;
      if (!has_entrypoint) p.command_at = at(command);
    }
    p.command = text;
    if (auto image = scalar_of(member(svc, "image")))
      p.image = interpolate_compose(*image, options.env).text;
    if (auto wd = scalar_of(member(svc, "working_dir")))
      p.workdir = interpolate_compose(*wd, options.env).text;
    if (const YAML::Node env = member(svc, "environment"); env.IsDefined()) environment(env, p);
    if (const YAML::Node files = member(svc, "env_file"); files.IsDefined()) {
      auto note = [&](const YAML::Node& f) {
        if (auto s = scalar_of(f)) {
          p.env_files.emplace_back(*s, at(f));
        } else if (f.IsMap()) {
          if (auto path = scalar_of(member(f, "path"))) p.env_files.emplace_back(*path, at(f));
        }
      };
      if (files.IsSequence()) {
        for (const auto& f : files) note(f);
      } else {
        note(files);
      }
    }
    if (const YAML::Node build = member(svc, "build"); build.IsDefined())
      p.dockerfile = dockerfile_of(build);
    // deploy.replicas wins over the legacy `scale` (compose-spec deploy.md "replicas"; `scale`
    // is kept for compatibility and must agree when both are set).
    const YAML::Node deploy = member(svc, "deploy");
    const YAML::Node replicas = deploy.IsMap() ? member(deploy, "replicas") : YAML::Node();
    if (replicas.IsDefined() && !replicas.IsNull()) {
      p.replicas = count(replicas, name, "replicas");
    } else if (const YAML::Node scale = member(svc, "scale");
               scale.IsDefined() && !scale.IsNull()) {
      p.replicas = count(scale, name, "scale");
    }
    if (budget.take_process(p)) out.processes.push_back(std::move(p));
  }
};

}  // namespace

launch_file read_compose(std::string_view text, std::string display_path,
                         const read_options& options) {
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::compose;
  output_budget budget(out);
  compose_reader r{options, out, budget};
  if (const auto refusal = refuse_yaml(text)) {
    report_refusal(*refusal, "docker compose", out);
    return out;
  }
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (!root.IsMap()) return out;
    YAML::Node services = member(root, "services");
    if (!services.IsDefined()) {
      // Compose file format 1: services at the top level (x- keys are extensions).
      for (const auto& [name, svc] : entries_of(root)) {
        if (name.starts_with("x-") || name == "version" || name == "name") continue;
        if (budget.spent()) break;
        if (svc.IsMap() && (member(svc, "image").IsDefined() || member(svc, "build").IsDefined()))
          r.service(name, svc);
      }
      return out;
    }
    if (!services.IsMap()) return out;
    for (const auto& [name, svc] : entries_of(services)) {
      if (budget.spent()) break;
      if (name.starts_with("x-")) continue;
      r.service(name, svc);
    }
  } catch (const YAML::Exception& e) {
    report_syntax_error(e, out);
  }
  return out;
}

}  // namespace connplan::launchfiles::detail
