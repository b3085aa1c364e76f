// connplan: worst-case PostgreSQL connection planning for Django deployments.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <map>

#include "cli/commands.hpp"
#include "connplan/error.hpp"

int main(int argc, char** argv) {
  using namespace connplan::cli;
  CLI::App app{"connplan: how many PostgreSQL connections a Django deployment can open, and why"};
  app.set_version_flag("--version", std::string("connplan ") + CONNPLAN_VERSION);
  app.require_subcommand(1);
  std::map<CLI::App*, command_runner> runners;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
    if (c.name == "explain") sub->alias("rule");
    runners[sub] = c.setup(*sub);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CONTRACTS §2: every usage error exits 2, whatever CLI11's own code would be.
    app.exit(e);
    return 2;
  }
  try {
    for (auto& [sub, run] : runners) {
      if (sub->parsed()) return run();
    }
  } catch (const connplan::error& e) {
    fmt::print(stderr, "connplan: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "connplan: internal error: {}\n", e.what());
    return 2;
  }
  return 2;
}
