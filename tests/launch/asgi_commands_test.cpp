// uvicorn (uvicorn/main.py @ 0.17.6 / 0.35.0) and daphne (daphne/cli.py @ 4.0.0).
#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::flag_text;
using testing::only_command;

TEST(asgi_commands, uvicorn_options) {
  const auto c = only_command(
      "uvicorn proj.asgi:application --host 0.0.0.0 --port 8000 --workers 4 "
      "--limit-concurrency 100 --factory --uds /tmp/u.sock");
  EXPECT_EQ(c.program, program::uvicorn);
  EXPECT_EQ(c.app->text, "proj.asgi:application");
  EXPECT_EQ(flag_text(c, "workers"), "4");
  EXPECT_EQ(flag_text(c, "limit_concurrency"), "100");
  EXPECT_EQ(flag_text(c, "factory"), "true");
  EXPECT_EQ(flag_text(c, "uds"), "/tmp/u.sock");
  EXPECT_TRUE(c.errors.empty());
  // click: `Missing argument 'APP'.`
  EXPECT_EQ(only_command("uvicorn --workers 2").errors.at(0),
            "uvicorn: Error: Missing argument 'APP'.");
  // No abbreviations in click.
  EXPECT_FALSE(only_command("uvicorn --work 2 m:a").errors.empty());
}

TEST(asgi_commands, uvicorn_envvars) {
  // `@click.command(context_settings={"auto_envvar_prefix": "UVICORN"})`.
  parse_options o;
  o.env["UVICORN_WORKERS"] = "3";
  const auto c = only_command("uvicorn m:app", o);
  EXPECT_EQ(flag_text(c, "workers"), "3");
  EXPECT_EQ(c.flags.at("workers").origin, flag_origin::envvar);
}

TEST(asgi_commands, daphne_options) {
  const auto c =
      only_command("daphne -b 0.0.0.0 -p 8001 -e ssl:443 -e tcp:80 --fd 3 -u /s proj.asgi:app");
  EXPECT_EQ(c.program, program::daphne);
  EXPECT_EQ(c.app->text, "proj.asgi:app");
  EXPECT_EQ(flag_text(c, "host"), "0.0.0.0");
  EXPECT_EQ(flag_text(c, "port"), "8001");
  EXPECT_EQ(c.flags.at("socket_strings").items.size(), 2u);
  EXPECT_EQ(flag_text(c, "file_descriptor"), "3");
  EXPECT_EQ(flag_text(c, "unix_socket"), "/s");
  EXPECT_EQ(only_command("daphne -p 80").errors.at(0),
            "daphne: error: the following arguments are required: application");
}

}  // namespace
}  // namespace connplan::launch
