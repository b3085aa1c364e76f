// gunicorn's command line (gunicorn/app/base.py `Application.load_config`,
// gunicorn/app/wsgiapp.py `WSGIApplication.init` @ 20.1.0 … 23.0.0).
#include <fmt/format.h>

#include "launch/option_parsers.hpp"
#include "launch/programs.hpp"
#include "launch/tables.hpp"

namespace connplan::launch::detail {

void parse_gunicorn(command& cmd, std::span<const word> args, const shell_env& env,
                    std::string_view version) {
  auto parsed = parse_argparse(args, gunicorn_table(version), "gunicorn");
  // "if len(args) > 0: self.cfg.set("default_proc_name", args[0]); self.app_uri = args[0]"
  // [wsgiapp.py]; further positionals are accepted by argparse and ignored.
  parsed.flags.erase("args");
  if (!parsed.positionals.empty()) {
    cmd.app = parsed.positionals.front().raw();
    for (std::size_t i = 1; i < parsed.positionals.size(); ++i) {
      cmd.arguments.push_back(parsed.positionals[i].raw());
      cmd.unparsed.push_back({parsed.positionals[i].text, parsed.positionals[i].where,
                              "gunicorn uses only the first positional argument as the app"});
    }
  }
  if (const auto it = parsed.flags.find("config"); it != parsed.flags.end())
    cmd.config = it->second.value;
  cmd.flags = std::move(parsed.flags);
  for (auto& u : parsed.unparsed) cmd.unparsed.push_back(std::move(u));
  for (auto& e : parsed.errors) cmd.errors.push_back(std::move(e));

  // "env_args = parser.parse_args(self.cfg.get_cmd_args_from_env())": GUNICORN_CMD_ARGS is
  // shlex.split and parsed by the same parser; its positionals are ignored ("if k == 'args':
  // continue").
  const auto it = env.find("GUNICORN_CMD_ARGS");
  if (it == env.end() || !it->second.exported) return;
  if (!it->second.known) {
    cmd.unparsed.push_back({"GUNICORN_CMD_ARGS", {}, it->second.reason});
    return;
  }
  std::string error;
  const auto words = shlex_split(it->second.value, &error);
  if (!error.empty()) {
    cmd.errors.push_back(
        fmt::format("GUNICORN_CMD_ARGS: {} (shlex.split raises ValueError)", error));
    return;
  }
  auto env_parsed = parse_argparse(words, gunicorn_table(version), "gunicorn");
  env_parsed.flags.erase("args");
  for (auto& [name, f] : env_parsed.flags) {
    f.origin = flag_origin::gunicorn_cmd_args;
    f.where = {};
    f.value.where = {};
    for (auto& item : f.items) item.where = {};
    cmd.cmd_args_flags.emplace(name, std::move(f));
  }
  for (auto& e : env_parsed.errors) cmd.errors.push_back("GUNICORN_CMD_ARGS: " + e);
  for (auto& u : env_parsed.unparsed)
    cmd.unparsed.push_back({u.text, {}, "in GUNICORN_CMD_ARGS: " + u.reason});
}

}  // namespace connplan::launch::detail
