// `connplan check [PATH]` and `connplan report [PATH]` (issue 4; issue 5 "Output formats";
// CONTRACTS §2, §6, §8, §10).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/diagnostic_text.hpp"
#include "app/report_document.hpp"
#include "app/report_text.hpp"
#include "app/rule_pages.hpp"
#include "app/run_check.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/finding_control.hpp"
#include "cli/project_request.hpp"
#include "connplan/error.hpp"
#include "output/checkstyle.hpp"
#include "output/color.hpp"
#include "output/concise.hpp"
#include "output/github.hpp"
#include "output/github_summary.hpp"
#include "output/junit.hpp"
#include "output/rdjson.hpp"
#include "output/sarif.hpp"

namespace connplan::cli {

namespace {

// CONTRACTS §10: the formats of each command.
const std::vector<std::string> check_formats = {
    "text", "concise", "json", "sarif", "github", "rdjson", "rdjsonl", "checkstyle", "junit"};
const std::vector<std::string> report_formats = {"text", "json", "github"};

struct check_args {
  std::string path = ".";
  std::string format;                // empty: CONNPLAN_FORMAT, else text
  std::vector<std::string> outputs;  // --output FORMAT=PATH
  std::string color = "auto";
  std::string fail_level;  // empty: CONNPLAN_FAIL_LEVEL, else the command's default
  bool exit_zero = false;
  std::vector<std::string> select, ignore, extend_select;
  version_args versions;
  environment_args environment;
  root_args root;
  finding_control_args control;  // --baseline, --write-baseline (check only)
};

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

const std::vector<std::string>& formats_of(bool report) {
  return report ? report_formats : check_formats;
}

bool takes(bool report, std::string_view format) {
  const auto& list = formats_of(report);
  return std::find(list.begin(), list.end(), format) != list.end();
}

// CONTRACTS §8: the command line beats CONNPLAN_* variables, which beat the default.
std::string format_for(const check_args& args, bool report) {
  if (!args.format.empty()) return args.format;
  auto from_env = environment("CONNPLAN_FORMAT");
  if (!from_env || from_env->empty()) return "text";
  if (!takes(report, *from_env)) {
    throw error(fmt::format("CONNPLAN_FORMAT={}: {} takes {}", *from_env,
                            report ? "report" : "check", fmt::join(formats_of(report), ", ")));
  }
  return *from_env;
}

struct output_file {
  std::string format;
  std::filesystem::path path;
};

std::vector<output_file> outputs_for(const check_args& args, bool report) {
  std::vector<output_file> out;
  for (const auto& spec : args.outputs) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      throw error(fmt::format("--output {}: expected FORMAT=PATH", spec));
    }
    std::string format = spec.substr(0, eq);
    if (!takes(report, format)) {
      throw error(fmt::format("--output {}: unknown format '{}' (one of {})", spec, format,
                              fmt::join(formats_of(report), ", ")));
    }
    out.push_back({format, spec.substr(eq + 1)});
  }
  return out;
}

engine::fail_level fail_level_for(const check_args& args, engine::fail_level fallback) {
  if (args.exit_zero) return engine::fail_level::never;
  if (!args.fail_level.empty()) return *engine::parse_fail_level(args.fail_level);
  if (auto from_env = environment("CONNPLAN_FAIL_LEVEL"); from_env && !from_env->empty()) {
    auto level = engine::parse_fail_level(*from_env);
    if (!level) {
      throw error(
          fmt::format("CONNPLAN_FAIL_LEVEL={}: expected error, warning, info or never", *from_env));
    }
    return *level;
  }
  return fallback;
}

bool color_for(const check_args& args) {
  output::color_environment env;
  auto no_color = environment("NO_COLOR");
  auto force_color = environment("FORCE_COLOR");
  auto term = environment("TERM");
  if (no_color) env.no_color = *no_color;
  if (force_color) env.force_color = *force_color;
  if (term) env.term = *term;
  env.stdout_is_terminal = isatty(fileno(stdout)) == 1;
  return output::use_color(*output::parse_color_mode(args.color), env);
}

struct render_context {
  const check_outcome& out;
  const check_request& request;
  source_lines& sources;
  bool report;
};

std::string_view rule_page_of(std::string_view code) {
  for (const auto& page : rule_pages()) {
    if (page.code == code) return page.markdown;
  }
  return {};
}

// One format, as a pure function of the outcome (the exit code never depends on it: §2).
std::string render(std::string_view format, const render_context& ctx, bool color) {
  const auto& out = ctx.out;
  const auto& root = ctx.request.options.base.root;
  if (format == "json") {
    auto doc = ctx.report ? report_document(out.plan, out.model.assumptions, out.findings,
                                            out.summary, root)
                          : check_document(out.findings, out.summary, root);
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  if (format == "github") {
    return ctx.report ? output::render_github_summary(out.plan, out.findings, out.summary)
                      : output::render_github(out.findings);
  }
  if (format == "concise") {
    return output::render_concise(out.findings) + summary_line(out.summary) + "\n";
  }
  if (format == "sarif") {
    return output::render_sarif({out.findings, root.dir, rule_page_of, CONNPLAN_VERSION});
  }
  if (format == "rdjson") return output::render_rdjson(out.findings);
  if (format == "rdjsonl") return output::render_rdjsonl(out.findings);
  if (format == "checkstyle") return output::render_checkstyle(out.findings);
  if (format == "junit") return output::render_junit(out.findings);
  if (ctx.report) {
    return render_report_text(out.plan, out.model.assumptions, out.findings, out.summary,
                              ctx.sources, color);
  }
  std::string text;
  for (const auto& f : out.findings) text += format_diagnostic(f, ctx.sources, color);
  text += summary_line(out.summary) + "\n";
  if (color) text += explain_hint(out.findings, true);
  return text;
}

// Writes or appends `text`; throws connplan::error (exit 2) when the file cannot be written.
void write_file(const std::filesystem::path& path, const std::string& text, bool append) {
  std::ofstream file(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  if (file) file << text;
  if (file) file.flush();
  if (!file) {
    int code = errno;
    throw error(fmt::format("cannot write {}: {}", path.string(),
                            code != 0 ? std::strerror(code) : "write failed"));
  }
}

int run(const check_args& args, CLI::App& sub, bool report) {
  std::string format = format_for(args, report);
  std::vector<output_file> files = outputs_for(args, report);
  engine::fail_level level =
      fail_level_for(args, report ? engine::fail_level::never : engine::fail_level::warning);
  check_request request = project_request(args, sub);
  if (!report) apply_finding_control(args.control, request);
  check_outcome out = run_check(request);
  if (!report) finish_finding_control(args.control, out);

  source_lines sources(request.options.base.root, request.options.base.reader,
                       request.options.base.limits);
  render_context ctx{out, request, sources, report};
  fmt::print("{}", render(format, ctx, format == "text" && color_for(args)));
  std::fflush(stdout);
  for (const auto& file : files) write_file(file.path, render(file.format, ctx, false), false);

  // The job summary: the one file check writes without --output (GitHub appends it to the run's
  // page; github/docs workflow-commands.md "Adding a job summary").
  bool github = format == "github" || std::any_of(files.begin(), files.end(), [](const auto& f) {
                  return f.format == "github";
                });
  if (!report && github) {
    if (auto summary_path = environment("GITHUB_STEP_SUMMARY");
        summary_path && !summary_path->empty()) {
      write_file(*summary_path, output::render_github_summary(out.plan, out.findings, out.summary),
                 true);
    }
  }
  // CONTRACTS §2: default fail level warning for check, never for report; the same for every
  // format.
  return engine::exit_code(out.findings, level);
}

command_runner setup(CLI::App& sub, bool report) {
  auto args = std::make_shared<check_args>();
  sub.add_option("path", args->path, "the project directory (default: the current directory)");
  sub.add_option("--format", args->format,
                 fmt::format("output format: {} (default: text, or CONNPLAN_FORMAT)",
                             fmt::join(formats_of(report), ", ")))
      ->check(CLI::IsMember(formats_of(report)));
  sub.add_option("--output", args->outputs,
                 "also write FORMAT to PATH (FORMAT=PATH, repeatable); stdout keeps --format")
      ->allow_extra_args(false);
  sub.add_option("--color", args->color,
                 "colour text output: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR "
                 "forces it), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  sub.add_option("--fail-level", args->fail_level,
                 report ? "exit 1 when a finding is at or above this level (default: "
                          "CONNPLAN_FAIL_LEVEL, else never)"
                        : "exit 1 when a finding is at or above this level (default: "
                          "CONNPLAN_FAIL_LEVEL, else warning)")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}));
  sub.add_flag("--exit-zero", args->exit_zero, "exit 0 whatever is found (= --fail-level never)");
  add_selection_options(sub, args->select, args->ignore, args->extend_select);
  if (!report) add_finding_control_options(sub, args->control);
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
