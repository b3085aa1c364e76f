#include "app/kind_detection.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "gunicorn/catalogue.hpp"
#include "postgres/catalogue.hpp"

namespace connplan {
namespace {

// In file_kind's order; the launch kinds are spelt as launchfiles::to_string spells them.
constexpr std::array<std::string_view, 12> kind_names{
    "postgresql", "pgbouncer", "django",  "gunicorn",    "celery",  "dockerfile",
    "shell",      "procfile",  "systemd", "supervisord", "compose", "kubernetes"};
constexpr std::size_t first_launch_kind = static_cast<std::size_t>(file_kind::dockerfile);

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix);
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The leading identifier of a line (letters, digits, '_', '.'), as PostgreSQL's lexer and
// Python's would both start it.
std::string_view leading_name(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() &&
         (std::isalnum(static_cast<unsigned char>(line[n])) || line[n] == '_' || line[n] == '.')) {
    ++n;
  }
  return line.substr(0, n);
}

// Only the start of a file is looked at: signatures appear early and detection must stay cheap
// on huge inputs.
constexpr std::size_t signature_window = 64 * 1024;

}  // namespace

std::string_view to_string(file_kind kind) {
  return kind_names[static_cast<std::size_t>(kind)];
}

std::span<const std::string_view> file_kind_names() {
  return kind_names;
}

std::optional<file_kind> parse_file_kind(std::string_view text) {
  for (std::size_t i = 0; i < kind_names.size(); ++i) {
    if (kind_names[i] == text) return static_cast<file_kind>(i);
  }
  return std::nullopt;
}

std::optional<file_kind> kind_from_name(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  const std::string parent = path.parent_path().filename().string();
  if (starts_with(name, "postgresql") && name.find(".conf") != std::string::npos) {
    return file_kind::postgresql;
  }
  if (starts_with(name, "pgbouncer") && (ends_with(name, ".ini") || ends_with(name, ".conf"))) {
    return file_kind::pgbouncer;
  }
  if (!ends_with(name, ".py")) return std::nullopt;
  if (name.find("gunicorn") != std::string::npos) return file_kind::gunicorn;
  if (name == "celeryconfig.py" || name == "celery_config.py" || name == "celery.py" ||
      name == "celeryconf.py") {
    return file_kind::celery;
  }
  if (name == "settings.py" || ends_with(name, "_settings.py") || parent == "settings") {
    return file_kind::django;
  }
  return std::nullopt;
}

std::optional<file_kind> kind_from_content(std::string_view text) {
  text = text.substr(0, signature_window);
  int postgres_lines = 0;
  int python_lines = 0;
  bool django = false, celery = false, gunicorn = false;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = trim(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line == "[pgbouncer]" || line == "[databases]" || line == "[users]" || line == "[peers]") {
      return file_kind::pgbouncer;
    }
    if (starts_with(line, "import ") || starts_with(line, "from ") || starts_with(line, "def ") ||
        starts_with(line, "class ")) {
      ++python_lines;
    }
    std::string_view name = leading_name(line);
    if (name.empty()) continue;
    if (name == "DATABASES" || name == "INSTALLED_APPS" || name == "ROOT_URLCONF") django = true;
    if (name == "broker_url" || name == "result_backend" || name == "worker_concurrency" ||
        starts_with(name, "CELERY_") || starts_with(name, "app.conf")) {
      celery = true;
    }
    // A module-level name that is a gunicorn setting (`workers = 4`, `def post_fork(...)`).
    std::string_view candidate = name;
    if (starts_with(line, "def ")) candidate = leading_name(trim(line.substr(4)));
    if (gunicorn::detail::find_setting(gunicorn::detail::newest_version(), candidate) != nullptr)
      gunicorn = true;
    if (postgres::find_parameter(name, postgres::newest_version()) != nullptr) ++postgres_lines;
  }
  if (django) return file_kind::django;
  if (celery) return file_kind::celery;
  if (python_lines > 0) return gunicorn ? std::optional(file_kind::gunicorn) : std::nullopt;
  // PostgreSQL parameter names and no Python: a postgresql.conf fragment (conf.d/*.conf). No
  // gunicorn setting name is also a PostgreSQL parameter, so the two cannot be confused.
  if (postgres_lines > 0 && !gunicorn) return file_kind::postgresql;
  if (gunicorn && postgres_lines == 0) return file_kind::gunicorn;
  return std::nullopt;
}

bool is_launch_kind(file_kind kind) {
  return static_cast<std::size_t>(kind) >= first_launch_kind;
}

std::optional<launchfiles::format> launch_format_of(file_kind kind) {
  if (!is_launch_kind(kind)) return std::nullopt;
  return static_cast<launchfiles::format>(static_cast<std::size_t>(kind) - first_launch_kind);
}

file_kind kind_of(launchfiles::format f) {
  return static_cast<file_kind>(static_cast<std::size_t>(f) + first_launch_kind);
}

std::optional<file_kind> detect_kind(const std::filesystem::path& path, std::string_view text) {
  if (auto by_name = kind_from_name(path)) return by_name;
  // launchfiles::format_of looks at the start of the file only (shebang, `[program:`, `kind:`).
  if (auto launch = launchfiles::format_of(path.generic_string(), text.substr(0, signature_window)))
    return kind_of(*launch);
  return kind_from_content(text);
}

}  // namespace connplan
