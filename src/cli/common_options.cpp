#include "cli/common_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>

#include "connplan/celery.hpp"
#include "connplan/django.hpp"
#include "connplan/error.hpp"
#include "connplan/gunicorn.hpp"
#include "connplan/redact.hpp"
#include "pgbouncer/catalogue.hpp"
#include "postgres/catalogue.hpp"

namespace connplan::cli {

namespace {

void check_version(std::string_view program, const std::string& version,
                   const std::vector<std::string>& known) {
  if (version.empty() || std::find(known.begin(), known.end(), version) != known.end()) return;
  throw error(fmt::format("unknown {} version \"{}\" (connplan knows {})", program, version,
                          fmt::join(known, ", ")));
}

// "65536", "64MiB", "64M", "512k", "1GiB": a whole number of bytes with an optional binary unit
// (B, K/KB/KiB, M/MB/MiB, G/GB/GiB, any case; every unit is a power of 1024, as PostgreSQL's kB).
std::uint64_t parse_size(const std::string& text) {
  std::uint64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  std::string unit(end, text.data() + text.size());
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::map<std::string, int> shifts{{"", 0},     {"b", 0},   {"k", 10},  {"kb", 10},
                                                 {"kib", 10}, {"m", 20},  {"mb", 20}, {"mib", 20},
                                                 {"g", 30},   {"gb", 30}, {"gib", 30}};
  auto shift = shifts.find(unit);
  if (ec != std::errc() || end == text.data() || shift == shifts.end() || number == 0 ||
      number > (std::uint64_t{1} << (62 - shift->second))) {
    throw error(fmt::format(
        "--max-file-size takes a positive size such as 65536, 512KiB or 64MiB, got \"{}\"", text));
  }
  return number << shift->second;
}

}  // namespace

void add_version_options(CLI::App& sub, version_args& args) {
  sub.add_option("--pg-version", args.pg_version,
                 "PostgreSQL major version the files are for (default: newest known)");
  sub.add_option("--pgbouncer-version", args.pgbouncer_version,
                 "PgBouncer version the files are for (default: newest known)");
  sub.add_option("--django-version", args.django_version,
                 "Django version the settings are for (default: newest known)");
  sub.add_option("--gunicorn-version", args.gunicorn_version,
                 "gunicorn version the config is for (default: newest known)");
  sub.add_option("--celery-version", args.celery_version,
                 "Celery version the config is for (default: newest known)");
}

void add_environment_options(CLI::App& sub, environment_args& args) {
  sub.add_option("--env", args.env,
                 "NAME=VALUE: an environment variable Python configuration reads (repeatable)");
  sub.add_option("--assume", args.assume, "cpus=N: the CPU count cpu_count() returns (repeatable)");
  sub.add_option("--max-file-size", args.max_file_size,
                 "SIZE: larger files are not read (CP006; a named file: exit 2); default 64MiB")
      ->envname("CONNPLAN_MAX_FILE_SIZE");
}

void apply_environment(const environment_args& args, inspect_options& options) {
  for (const auto& pair : args.env) {
    auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      // The value is never echoed: it may be a secret (CONTRACTS §9).
      throw error(fmt::format("--env takes NAME=VALUE, got \"{}\"", eq == std::string::npos
                                                                        ? redact_secrets(pair)
                                                                        : std::string("=...")));
    }
    options.env[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  for (const auto& assumption : args.assume) {
    auto eq = assumption.find('=');
    std::string key = assumption.substr(0, eq);
    std::string text = eq == std::string::npos ? "" : assumption.substr(eq + 1);
    if (key != "cpus") {
      throw error(fmt::format("unknown assumption \"{}\" (known: cpus=N)", key));
    }
    int cpus = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cpus);
    if (ec != std::errc() || end != text.data() + text.size() || cpus < 1 || cpus > 4096) {
      throw error(
          fmt::format("--assume cpus=N takes a whole number from 1 to 4096, got \"{}\"", text));
    }
    options.cpus = cpus;
  }
  if (!args.max_file_size.empty()) options.limits.max_bytes = parse_size(args.max_file_size);
}

void add_root_options(CLI::App& sub, root_args& args) {
  sub.add_option("--config", args.config, "the connplan.toml to use; its directory is the root");
  sub.add_flag("--isolated", args.isolated, "ignore connplan.toml and pyproject.toml files");
  sub.add_flag("--allow-outside-root", args.allow_outside_root,
               "read files outside the project root that configuration files refer to");
}

void apply_versions(const version_args& args, inspect_options& options) {
  if (!args.pg_version.empty() && !postgres::is_known_version(args.pg_version)) {
    throw error(fmt::format("unknown PostgreSQL version \"{}\" (connplan knows {} to {})",
                            args.pg_version, postgres::known_versions().front(),
                            postgres::known_versions().back()));
  }
  if (!args.pgbouncer_version.empty() &&
      !pgbouncer::detail::parse_version(args.pgbouncer_version)) {
    throw error(fmt::format("unknown PgBouncer version \"{}\" (connplan knows {} to {})",
                            args.pgbouncer_version,
                            pgbouncer::detail::version_name(pgbouncer::detail::oldest_minor),
                            pgbouncer::detail::version_name(pgbouncer::detail::newest_minor)));
  }
  options.pg_version = args.pg_version;
  options.pgbouncer_version = args.pgbouncer_version;
  check_version("gunicorn", args.gunicorn_version, gunicorn::known_versions());
  check_version("Django", args.django_version, django::supported_versions());
  std::vector<std::string> celery_versions(celery::versions().begin(), celery::versions().end());
  check_version("Celery", args.celery_version, celery_versions);
  options.django_version = args.django_version;
  options.gunicorn_version = args.gunicorn_version;
  options.celery_version = args.celery_version;
}

project_root resolve_root(const root_args& args, const std::filesystem::path& start) {
  project_root root;
  if (!args.config.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(args.config, ec)) {
      throw error(fmt::format("{}: the configuration file does not exist", args.config));
    }
    root.dir = std::filesystem::absolute(args.config).parent_path().lexically_normal();
  } else if (args.isolated) {
    // Only the git top level counts without configuration files.
    root = find_project_root(start);
    std::error_code ec;
    for (auto d = std::filesystem::absolute(start).lexically_normal();; d = d.parent_path()) {
      if (std::filesystem::exists(d / ".git", ec)) {
        root.dir = d;
        break;
      }
      if (d.parent_path() == d) {
        root.dir = std::filesystem::absolute(start).lexically_normal();
        break;
      }
    }
  } else {
    root = find_project_root(start);
  }
  root.allow_outside = args.allow_outside_root;
  return root;
}

void add_selection_options(CLI::App& sub, std::vector<std::string>& select,
                           std::vector<std::string>& ignore,
                           std::vector<std::string>& extend_select) {
  sub.add_option("--select", select, "report only these rule codes or prefixes (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--ignore", ignore, "do not report these rule codes or prefixes")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--extend-select", extend_select, "report these as well")
      ->delimiter(',')
      ->allow_extra_args(false);
}

}  // namespace connplan::cli
