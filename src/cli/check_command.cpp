// `connplan check [PATH]` and `connplan report [PATH]` (issue 4; CONTRACTS §2, §6, §10).
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/diagnostic_text.hpp"
#include "app/report_document.hpp"
#include "app/report_text.hpp"
#include "app/run_check.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "connplan/error.hpp"

namespace connplan::cli {

namespace {

struct check_args {
  std::string path = ".";
  std::string format = "text";
  std::string fail_level;
  bool exit_zero = false;
  std::vector<std::string> select, ignore, extend_select;
  version_args versions;
  environment_args environment;
  root_args root;
};

check_request request_for(const check_args& args, CLI::App& sub) {
  std::error_code ec;
  if (!std::filesystem::exists(args.path, ec))
    throw error(fmt::format("{}: does not exist", args.path));
  check_request r;
  r.options.base.root = resolve_root(args.root, args.path);
  apply_versions(args.versions, r.options.base);
  apply_environment(args.environment, r.options.base);
  if (!args.root.config.empty())
    r.options.config_file = std::filesystem::absolute(args.root.config);
  r.options.isolated = args.root.isolated;
  if (sub.count("--select") > 0) r.select = args.select;
  if (sub.count("--ignore") > 0) r.ignore = args.ignore;
  if (sub.count("--extend-select") > 0) r.extend_select = args.extend_select;
  return r;
}

engine::fail_level fail_level_for(const check_args& args, engine::fail_level fallback) {
  if (args.exit_zero) return engine::fail_level::never;
  if (args.fail_level.empty()) return fallback;
  return *engine::parse_fail_level(args.fail_level);
}

int run(const check_args& args, CLI::App& sub, bool report) {
  check_request request = request_for(args, sub);
  check_outcome out = run_check(request);
  const auto& root = request.options.base.root;
  if (args.format == "json") {
    auto doc =
        report ? report_document(out.plan, out.model.assumptions, out.findings, out.summary, root)
               : check_document(out.findings, out.summary, root);
    fmt::print("{}\n", doc.dump(2));
  } else {
    source_lines sources(root, request.options.base.reader, request.options.base.limits);
    if (report) {
      fmt::print("{}", render_report_text(out.plan, out.model.assumptions, out.findings,
                                          out.summary, sources));
    } else {
      for (const auto& f : out.findings) fmt::print("{}", format_diagnostic(f, sources));
      fmt::print("{}\n", summary_line(out.summary));
    }
  }
  // CONTRACTS §2: default fail level warning for check, never for report.
  return engine::exit_code(
      out.findings,
      fail_level_for(args, report ? engine::fail_level::never : engine::fail_level::warning));
}

command_runner setup(CLI::App& sub, bool report) {
  auto args = std::make_shared<check_args>();
  sub.add_option("path", args->path, "the project directory (default: the current directory)");
  sub.add_option("--format", args->format, "output format")->check(CLI::IsMember({"text", "json"}));
  sub.add_option("--fail-level", args->fail_level,
                 report ? "exit 1 when a finding is at or above this level (default: never)"
                        : "exit 1 when a finding is at or above this level (default: warning)")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  sub.add_flag("--exit-zero", args->exit_zero, "exit 0 whatever is found (= --fail-level never)");
  sub.add_option("--select", args->select,
                 "report only these rule codes or prefixes (comma-separated)")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--ignore", args->ignore, "do not report these rule codes or prefixes")
      ->delimiter(',')
      ->allow_extra_args(false);
  sub.add_option("--extend-select", args->extend_select, "report these as well")
      ->delimiter(',')
      ->allow_extra_args(false);
  add_version_options(sub, args->versions);
  add_environment_options(sub, args->environment);
  add_root_options(sub, args->root);
  return [args, &sub, report] { return run(*args, sub, report); };
}

}  // namespace

command_runner setup_check(CLI::App& sub) {
  return setup(sub, false);
}
command_runner setup_report(CLI::App& sub) {
  return setup(sub, true);
}

}  // namespace connplan::cli
