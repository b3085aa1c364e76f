#include "cli/finding_control.hpp"

#include <fmt/format.h>

#include <fstream>

#include "connplan/error.hpp"
#include "connplan/read_file.hpp"
#include "engine/baseline.hpp"

namespace connplan::cli {

void add_finding_control_options(CLI::App& sub, finding_control_args& args) {
  sub.add_option("--baseline", args.baseline,
                 "report only findings that are not in this baseline file");
  sub.add_option("--write-baseline", args.write_baseline,
                 "write the findings of this run to FILE as a baseline (the run still reports "
                 "and exits as usual)");
}

void apply_finding_control(const finding_control_args& args, check_request& request) {
  if (args.baseline.empty()) return;
  // CONTRACTS §2: a file named on the command line that is missing, unreadable, over a limit
  // or malformed is exit 2, as `file: message`.
  auto read = request.options.base.reader(args.baseline, request.options.base.limits);
  if (auto* failure = std::get_if<read_failure>(&read)) {
    throw error(fmt::format("{}: {}", args.baseline, failure->message));
  }
  auto parsed = engine::parse_baseline(std::get<std::string>(read));
  if (auto* problem = std::get_if<std::string>(&parsed)) {
    throw error(fmt::format("{}: {}", args.baseline, *problem));
  }
  request.baseline = std::get<engine::baseline>(std::move(parsed));
}

void finish_finding_control(const finding_control_args& args, const check_outcome& outcome) {
  if (args.write_baseline.empty()) return;
  // Every finding this run would report without a baseline, so that writing a new baseline
  // while using the old one keeps the entries that still apply.
  const std::string text = engine::write_baseline(outcome.findings_before_baseline);
  std::ofstream out(args.write_baseline, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw error(fmt::format("{}: cannot write the baseline", args.write_baseline));
}

}  // namespace connplan::cli
