// Which program reads a file: exact names first, then content signatures (issue 2, `inspect`).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string_view>

namespace connplan {

enum class file_kind { postgresql, pgbouncer, django, gunicorn, celery };

[[nodiscard]] std::string_view to_string(file_kind kind);
[[nodiscard]] std::optional<file_kind> parse_file_kind(std::string_view text);
[[nodiscard]] std::span<const std::string_view> file_kind_names();

// By the file's name alone (postgresql.conf, pgbouncer.ini, gunicorn.conf.py, settings.py, ...).
[[nodiscard]] std::optional<file_kind> kind_from_name(const std::filesystem::path& path);

// By what the text contains: ini section headers, known PostgreSQL parameter names, Python
// assignments of DATABASES / gunicorn settings / Celery settings.
[[nodiscard]] std::optional<file_kind> kind_from_content(std::string_view text);

[[nodiscard]] inline std::optional<file_kind> detect_kind(const std::filesystem::path& path,
                                                          std::string_view text) {
  if (auto by_name = kind_from_name(path)) return by_name;
  return kind_from_content(text);
}

}  // namespace connplan
