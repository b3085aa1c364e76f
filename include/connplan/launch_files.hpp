// How processes are started (issue 6): Dockerfiles, shell scripts, Procfiles, systemd units,
// supervisord programs, docker-compose files and Kubernetes manifests, read without running
// anything. Each reader finds the processes a file starts; their command lines go to
// launch::parse_command_line (connplan/command_line.hpp) and the model merges them with
// connplan.toml's services (CONTRACTS §8).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/source.hpp"

namespace connplan::launchfiles {

enum class format { dockerfile, shell, procfile, systemd, supervisord, compose, kubernetes };
[[nodiscard]] std::string_view to_string(format f);

// The format a file has by its usual name ("Dockerfile", "Procfile", "*.service",
// "supervisord.conf", "compose.yml", "*.sh") and, where the name does not tell, its shape (a
// shebang, `apiVersion:` + `kind:`, `services:`, `[program:`). Nullopt: not a launch file.
[[nodiscard]] std::optional<format> format_of(std::string_view display_path, std::string_view head);

// A count a launch file sets: replicas, numprocs, HPA maxReplicas, RollingUpdate maxSurge.
struct launch_count {
  std::optional<long long> value;  // nullopt: unknown (CP002 names the variable)
  std::string text;                // as written: "3", "${WEB_REPLICAS}", "25%"
  std::string reason;              // unknown: why
  source_location where;
};

// One process a launch file starts: a Procfile line, a compose service, a container of a
// Kubernetes workload, a systemd unit's ExecStart, a supervisord program, a command of a script.
struct launched_process {
  // Compose service, Kubernetes workload ("web", or "web/container" when a pod has several
  // containers that start programs), Procfile process type, systemd unit name without
  // ".service", supervisord program name; for shell scripts and Dockerfiles the kind of program
  // it starts ("gunicorn", "daphne", "celery-worker", "celery-beat", "uvicorn", "manage.py-CMD").
  std::string name;
  format from = format::shell;
  std::string file;     // display path of the launch file
  std::string command;  // the command as sh would receive it (exec-form lists shell-quoted and
                        // joined with spaces); empty when the file names none (compose without
                        // `command:` and no Dockerfile found)
  source_location command_at;  // where the command is written
  // Where each word of `command` is written, when the file writes it word for word (Procfile,
  // shell scripts): (byte offset of the word in `command`, its location), in offset order; empty
  // otherwise. Lets a flag (`-w 4`) be cited at its own line and column.
  std::vector<std::pair<std::size_t, source_location>> command_words;
  // The environment the process runs with, as far as it is known from the file (ENV,
  // `environment:`, `Environment=`, `environment=`, `export`, `env:`); values already expanded.
  std::map<std::string, std::string> env;
  std::map<std::string, source_location> env_at;  // where each env entry is written
  std::vector<std::pair<std::string, source_location>> env_files;  // env_file, EnvironmentFile=
  std::string workdir;  // WORKDIR, working_dir, WorkingDirectory=, directory=, workingDir
  std::string image;    // compose `image:`, Kubernetes container `image:` ("postgres:15")
  std::optional<launch_count> replicas;  // deploy.replicas / scale / replicas / HPA maxReplicas /
                                         // numprocs
  std::optional<launch_count> surge;     // Kubernetes RollingUpdate maxSurge, in pods
  std::string dockerfile;                // compose `build:`: the Dockerfile it uses (display path)
  std::string workload;                  // Kubernetes: "Deployment/web" (HPA targets match it)
  // Dockerfile: how the image's ENTRYPOINT treats a command given at `docker run` / compose
  // `command:` (which replaces CMD). pass_through: no ENTRYPOINT, or a script (`*.sh`,
  // `*entrypoint*`) taken to end in `exec "$@"` — the command runs as given; prepend: an exec-form
  // ENTRYPOINT whose words (entrypoint) come first; ignore: a shell-form ENTRYPOINT, which runs
  // without the command.
  enum class entrypoint_use { pass_through, prepend, ignore };
  entrypoint_use entrypoint_mode = entrypoint_use::pass_through;
  std::vector<std::string> entrypoint;  // prepend: the ENTRYPOINT's words
  source_location entrypoint_at;  // where the Dockerfile's ENTRYPOINT or the compose service's
                                  // `entrypoint:` is written; empty file: none
};

// A Kubernetes HorizontalPodAutoscaler (autoscaling/v1, v2): the workload it scales runs up to
// maxReplicas pods (the worst case). The reader applies it to workloads in the same file; the
// model applies it across files.
struct autoscaler {
  std::string target;  // "Deployment/web" (scaleTargetRef kind/name)
  launch_count max_replicas;
};

struct launch_file {
  std::string path;  // display path
  format from = format::shell;
  std::vector<launched_process> processes;
  std::vector<finding> findings;  // CP001 (syntax), CP002 (unset variable), CP804 (can't follow)
  bool complete = true;           // false when part of the file could not be read
  std::vector<autoscaler> autoscalers;  // Kubernetes HPAs in this file
};

struct read_options {
  std::map<std::string, std::string> env;  // the environment connplan knows (--env, [env])
};

// Never throws (except std::bad_alloc); never runs anything.
[[nodiscard]] launch_file read_launch_file(std::string_view text, std::string display_path,
                                           format f, const read_options& options);

}  // namespace connplan::launchfiles
