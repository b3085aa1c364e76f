#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/inspect_run.hpp"
#include "app/inspect_text.hpp"
#include "cli/commands.hpp"
#include "cli/common_options.hpp"

namespace connplan::cli {

namespace {

struct inspect_args {
  std::vector<std::string> files;
  std::string kind;
  std::string format = "text";
  std::string pgbouncer_workdir;
  version_args versions;
  environment_args environment;
  root_args root;
};

int run_inspect_command(const inspect_args& args) {
  inspect_request request;
  request.options.root = resolve_root(args.root, std::filesystem::current_path());
  apply_versions(args.versions, request.options);
  apply_environment(args.environment, request.options);
  if (!args.pgbouncer_workdir.empty()) request.options.pgbouncer_workdir = args.pgbouncer_workdir;
  if (!args.kind.empty()) request.kind = parse_file_kind(args.kind);
  for (const auto& f : args.files) request.files.emplace_back(f);

  inspect_outcome outcome = run_inspect(request);
  for (const auto& message : outcome.fatal_errors)
    fmt::print(stderr, "connplan: error: {}\n", message);
  if (!outcome.fatal_errors.empty()) return 2;

  if (args.format == "json") {
    // Bytes that are not UTF-8 (a Latin-1 comment, a binary value) become U+FFFD instead of an
    // exception: the document is still JSON (same as check).
    fmt::print("{}\n", inspect_document(outcome, request.options.root)
                           .dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    source_lines sources(request.options.root, request.options.reader, request.options.limits);
    fmt::print("{}", render_inspect_text(outcome, sources));
  }
  return inspect_exit_code(outcome);
}

}  // namespace

command_runner setup_inspect(CLI::App& sub) {
  auto args = std::make_shared<inspect_args>();
  sub.add_option("files", args->files, "configuration files to read")->required();
  std::vector<std::string> kinds(file_kind_names().begin(), file_kind_names().end());
  sub.add_option("--kind", args->kind, "read every file as this kind instead of detecting it")
      ->check(CLI::IsMember(kinds));
  sub.add_option("--format", args->format, "output format")->check(CLI::IsMember({"text", "json"}));
  sub.add_option("--pgbouncer-workdir", args->pgbouncer_workdir,
                 "directory pgbouncer's relative %include paths are resolved against "
                 "(pgbouncer's working directory; default: the ini file's directory)");
  add_version_options(sub, args->versions);
  add_environment_options(sub, args->environment);
  add_root_options(sub, args->root);
  return [args] { return run_inspect_command(*args); };
}

}  // namespace connplan::cli
