// gunicorn's command line through argparse (gunicorn/config.py `Config.parser`, Lib/argparse.py
// @ 3.11) and GUNICORN_CMD_ARGS (gunicorn/app/base.py `load_config`).
#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::flag_text;
using testing::only_command;

TEST(gunicorn_command, spellings_of_an_option) {
  // argparse: "--flag=value", "-w4" (short option glued to its value), "-w=4".
  for (const char* text : {"gunicorn -w 4 m:a", "gunicorn --workers=4 m:a", "gunicorn -w4 m:a",
                           "gunicorn -w=4 m:a", "gunicorn --worker-co 9 -w 4 m:a"}) {
    const auto c = only_command(text);
    EXPECT_EQ(c.program, program::gunicorn);
    EXPECT_EQ(flag_text(c, "workers"), "4") << text;
    EXPECT_EQ(c.app->text, "m:a");
    EXPECT_TRUE(c.errors.empty()) << text;
  }
}

TEST(gunicorn_command, abbreviations_as_argparse_allows_them) {
  // argparse docs: "long options to be abbreviated to a prefix, if the abbreviation is
  // unambiguous (the prefix matches a unique option)".
  // `--worker-c` is ambiguous (--worker-class, --worker-connections); `--worker-co` is not.
  const auto ok = only_command("gunicorn --worker-co 50 m:a");
  EXPECT_EQ(flag_text(ok, "worker_connections"), "50");
  EXPECT_FALSE(only_command("gunicorn --worker-c 50 m:a").errors.empty());
  const auto bad = only_command("gunicorn --work 3 m:a");
  ASSERT_FALSE(bad.errors.empty());
  EXPECT_NE(bad.errors.front().find("ambiguous option: --work could match --workers"),
            std::string::npos);
}

TEST(gunicorn_command, actions) {
  // Workers: `-w/--workers` store; Bind: "action = 'append'"; PreloadApp: store_true;
  // Daemon: `-D`; RawEnv `-e/--env` append; `--no-sendfile` store_const False.
  const auto c = only_command(
      "gunicorn -b :1 --bind :2 --preload -D -e A=1 -e B=2 --no-sendfile --chdir /srv "
      "--reload -c conf.py -t 60 --graceful-timeout 5 --max-requests 10 "
      "--max-requests-jitter 3 -k gevent --threads 2 m:a");
  EXPECT_EQ(c.flags.at("bind").items.size(), 2u);
  EXPECT_EQ(c.flags.at("bind").items[1].text, ":2");
  EXPECT_EQ(flag_text(c, "preload_app"), "true");
  EXPECT_EQ(flag_text(c, "daemon"), "true");
  EXPECT_EQ(c.flags.at("raw_env").items.size(), 2u);
  EXPECT_EQ(flag_text(c, "sendfile"), "false");
  EXPECT_EQ(flag_text(c, "chdir"), "/srv");
  EXPECT_EQ(flag_text(c, "reload"), "true");
  EXPECT_EQ(c.config->text, "conf.py");
  EXPECT_EQ(flag_text(c, "timeout"), "60");
  EXPECT_EQ(flag_text(c, "graceful_timeout"), "5");
  EXPECT_EQ(flag_text(c, "max_requests_jitter"), "3");
  EXPECT_EQ(flag_text(c, "worker_class"), "gevent");
  EXPECT_EQ(flag_text(c, "threads"), "2");
}

TEST(gunicorn_command, refusals_are_what_argparse_prints) {
  EXPECT_EQ(only_command("gunicorn --bogus m:a").errors.at(0),
            "gunicorn: error: unrecognized arguments: --bogus");
  EXPECT_EQ(only_command("gunicorn -w x m:a").errors.at(0),
            "gunicorn: error: argument -w/--workers: invalid int value: 'x'");
  EXPECT_EQ(only_command("gunicorn m:a -w").errors.at(0),
            "gunicorn: error: argument -w/--workers: expected one argument");
  EXPECT_EQ(only_command("gunicorn --preload=yes m:a").errors.at(0),
            "gunicorn: error: argument --preload: ignored explicit argument 'yes'");
  // The `args` positional is nargs='*': a second group of positionals is unrecognised.
  EXPECT_FALSE(only_command("gunicorn a -w 2 b").errors.empty());
  EXPECT_TRUE(only_command("gunicorn -w 2 a b").errors.empty());
}

TEST(gunicorn_command, unknown_values_keep_the_variable) {
  const auto c =
      only_command(R"(exec gunicorn -w "$GUNICORN_WORKERS" --bind 0.0.0.0:"${PORT:-8000}" m:a)");
  const auto& w = c.flags.at("workers").value;
  EXPECT_FALSE(w.known);
  EXPECT_EQ(w.variables, (std::vector<std::string>{"GUNICORN_WORKERS"}));
  EXPECT_EQ(flag_text(c, "bind"), "0.0.0.0:8000");
}

TEST(gunicorn_command, gunicorn_cmd_args_is_parsed_with_the_same_table) {
  // "GUNICORN_CMD_ARGS … is parsed with the same parser" [domain.md §1.2]; its positionals are
  // ignored.
  const auto c = only_command("GUNICORN_CMD_ARGS='--workers=3 -c env.py other:app' gunicorn m:a");
  EXPECT_EQ(c.cmd_args_flags.at("workers").value.text, "3");
  EXPECT_EQ(c.cmd_args_flags.at("workers").origin, flag_origin::gunicorn_cmd_args);
  EXPECT_EQ(c.cmd_args_flags.at("config").value.text, "env.py");
  EXPECT_EQ(c.app->text, "m:a");
  EXPECT_FALSE(c.flags.contains("workers"));
  parse_options o;
  o.env["GUNICORN_CMD_ARGS"] = "--threads 4";
  EXPECT_EQ(only_command("gunicorn m:a", o).cmd_args_flags.at("threads").value.text, "4");
}

TEST(gunicorn_command, versions_have_their_own_options) {
  // news 22.0.0 added --header-map; 23.0.0 removed --tolerate-dangerous-framing again.
  parse_options o;
  o.gunicorn_version = "21.0";
  EXPECT_FALSE(only_command("gunicorn --header-map drop m:a", o).errors.empty());
  o.gunicorn_version = "22.0";
  EXPECT_TRUE(only_command("gunicorn --header-map drop m:a", o).errors.empty());
  o.gunicorn_version = "23.0";
  EXPECT_FALSE(only_command("gunicorn --tolerate-dangerous-framing m:a", o).errors.empty());
  EXPECT_EQ(gunicorn_versions().size(), 4u);
}

}  // namespace
}  // namespace connplan::launch
