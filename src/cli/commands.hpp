// Subcommands come from one table (ninja's habit): each registers its options on a CLI11
// subcommand and returns a function that runs it and yields the exit code.
#pragma once

#include <functional>
#include <span>
#include <string_view>

#include <CLI/CLI.hpp>

namespace connplan::cli {

using command_runner = std::function<int()>;

struct command {
  std::string_view name;
  std::string_view summary;
  // Adds the subcommand's options to `sub`; the returned runner is called when it was chosen.
  command_runner (*setup)(CLI::App& sub);
};

[[nodiscard]] std::span<const command> commands();

command_runner setup_check(CLI::App& sub);
command_runner setup_report(CLI::App& sub);
command_runner setup_inspect(CLI::App& sub);
command_runner setup_observe(CLI::App& sub);
command_runner setup_rules(CLI::App& sub);
command_runner setup_explain(CLI::App& sub);

}  // namespace connplan::cli
