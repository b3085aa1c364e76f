// Which program reads a file: exact names first, then launch files by name and shape (issue 6),
// then content signatures (issue 2, `inspect`).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

#include "connplan/launch_files.hpp"

namespace connplan {

// The configuration kinds, then the launch-file formats (launchfiles::format, same order).
enum class file_kind {
  postgresql,
  pgbouncer,
  django,
  gunicorn,
  celery,
  dockerfile,
  shell,
  procfile,
  systemd,
  supervisord,
  compose,
  kubernetes,
};

[[nodiscard]] std::string_view to_string(file_kind kind);
[[nodiscard]] std::optional<file_kind> parse_file_kind(std::string_view text);
[[nodiscard]] std::span<const std::string_view> file_kind_names();

// By the file's name alone (postgresql.conf, pgbouncer.ini, gunicorn.conf.py, settings.py, ...).
[[nodiscard]] std::optional<file_kind> kind_from_name(const std::filesystem::path& path);

// By what the text contains: ini section headers, known PostgreSQL parameter names, Python
// assignments of DATABASES / gunicorn settings / Celery settings.
[[nodiscard]] std::optional<file_kind> kind_from_content(std::string_view text);

// Whether the kind is a launch file (Dockerfile, start script, ..., Kubernetes manifest), and
// the launch-file format it stands for.
[[nodiscard]] bool is_launch_kind(file_kind kind);
[[nodiscard]] std::optional<launchfiles::format> launch_format_of(file_kind kind);
[[nodiscard]] file_kind kind_of(launchfiles::format f);

// Configuration files by name first (a `postgresql.conf` never becomes a launch file), then launch
// files by name and shape (`launchfiles::format_of`), then configuration files by content.
[[nodiscard]] std::optional<file_kind> detect_kind(const std::filesystem::path& path,
                                                   std::string_view text);

}  // namespace connplan
