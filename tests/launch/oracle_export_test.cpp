// The C++ side of tests/oracle/command_line_oracle.py: when CONNPLAN_LAUNCH_ORACLE_DIR names a
// directory holding cases.json ([{"id", "command", "env": {…}, "gunicorn_version",
// "celery_version"}]), every case is parsed and results.json is written beside it. Without the
// variable the test is skipped.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "connplan/command_line.hpp"

namespace connplan::launch {
namespace {

nlohmann::json value_json(const raw_value& v) {
  if (!v.known) return nlohmann::json{{"unknown", v.reason}};
  return v.text;
}

nlohmann::json flags_json(const std::map<std::string, flag>& flags) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, f] : flags) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : f.items) items.push_back(value_json(item));
    out[name] = {{"value", value_json(f.value)},
                 {"items", items},
                 {"origin", f.origin == flag_origin::command_line ? "command_line"
                            : f.origin == flag_origin::envvar     ? "envvar"
                                                                  : "gunicorn_cmd_args"},
                 {"spelling", f.spelling}};
  }
  return out;
}

TEST(oracle_export, writes_results_when_asked) {
  const char* dir = std::getenv("CONNPLAN_LAUNCH_ORACLE_DIR");
  if (dir == nullptr) GTEST_SKIP() << "CONNPLAN_LAUNCH_ORACLE_DIR is not set";
  std::ifstream in(std::filesystem::path(dir) / "cases.json");
  ASSERT_TRUE(in) << "no cases.json in " << dir;
  const auto cases = nlohmann::json::parse(in);
  nlohmann::json results = nlohmann::json::array();
  for (const auto& c : cases) {
    parse_options o;
    const nlohmann::json env = c.value("env", nlohmann::json::object());
    for (const auto& [k, v] : env.items()) o.env[k] = v.get<std::string>();
    o.gunicorn_version = c.value("gunicorn_version", "");
    o.celery_version = c.value("celery_version", "");
    const auto r = parse_command_line(c.at("command").get<std::string>(), o);
    nlohmann::json commands = nlohmann::json::array();
    for (const auto& cmd : r.commands) {
      nlohmann::json j = {{"program", std::string(to_string(cmd.program))},
                          {"subcommand", cmd.subcommand},
                          {"app", cmd.app ? value_json(*cmd.app) : nlohmann::json()},
                          {"flags", flags_json(cmd.flags)},
                          {"cmd_args_flags", flags_json(cmd.cmd_args_flags)},
                          {"errors", cmd.errors}};
      if (cmd.program == program::celery && cmd.subcommand == "worker") {
        const auto w = resolve_celery_worker(cmd, {});
        j["worker"] = {{"pool", value_json(w.pool)},
                       {"concurrency", value_json(w.concurrency)},
                       {"autoscale", w.autoscale ? nlohmann::json::array(
                                                       {w.autoscale->first, w.autoscale->second})
                                                 : nlohmann::json()},
                       {"beat", w.beat}};
      }
      if (cmd.program == program::uvicorn) {
        std::map<std::string, std::string> env(o.env.begin(), o.env.end());
        const auto u = resolve_uvicorn(cmd, env);
        j["uvicorn_workers"] = value_json(u.workers);
      }
      commands.push_back(std::move(j));
    }
    results.push_back({{"id", c.at("id")}, {"commands", commands}, {"errors", r.errors}});
  }
  std::ofstream out(std::filesystem::path(dir) / "results.json");
  out << results.dump(1);
  ASSERT_TRUE(out.good());
}

}  // namespace
}  // namespace connplan::launch
