#include "cli/common_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

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

}  // namespace connplan::cli
