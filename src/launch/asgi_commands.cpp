// uvicorn (uvicorn/main.py `main`, a click command with auto_envvar_prefix "UVICORN", @ 0.17.6
// and 0.35.0) and daphne (daphne/cli.py `CommandLineInterface`, argparse, @ 4.0.0).
#include "launch/option_parsers.hpp"
#include "launch/programs.hpp"
#include "launch/tables.hpp"

namespace connplan::launch::detail {

void parse_uvicorn(command& cmd, std::span<const word> args, const shell_env& env) {
  click_settings settings;
  settings.auto_envvar_prefix = "UVICORN";
  auto parsed = parse_click(args, uvicorn_table(), settings, env, "uvicorn");
  if (const auto it = parsed.flags.find("app"); it != parsed.flags.end()) {
    cmd.app = it->second.value;
    parsed.flags.erase(it);
  }
  cmd.flags = std::move(parsed.flags);
  cmd.unparsed = std::move(parsed.unparsed);
  cmd.errors = std::move(parsed.errors);
}

void parse_daphne(command& cmd, std::span<const word> args) {
  auto parsed = parse_argparse(args, daphne_table(), "daphne");
  if (!parsed.positionals.empty()) cmd.app = parsed.positionals.front().raw();
  cmd.flags = std::move(parsed.flags);
  cmd.unparsed = std::move(parsed.unparsed);
  cmd.errors = std::move(parsed.errors);
}

}  // namespace connplan::launch::detail
