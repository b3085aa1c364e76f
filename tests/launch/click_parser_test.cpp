// The click emulation on its own (click/parser.py, click/core.py @ 8.1.3), with Celery's table.
#include <gtest/gtest.h>

#include "launch/option_parsers.hpp"

namespace connplan::launch::detail {
namespace {

std::vector<word> words(std::string_view s) {
  std::string error;
  return shlex_split(s, &error);
}

TEST(click_parser, groups_stop_at_the_subcommand) {
  click_settings group;
  group.allow_interspersed = false;
  const auto r =
      parse_click(words("-A p worker -c 3"), celery_group_table("5.2"), group, {}, "celery");
  EXPECT_EQ(r.flags.at("app").value.text, "p");
  ASSERT_EQ(r.positionals.size(), 3u);
  EXPECT_EQ(r.positionals[0].text, "worker");
}

TEST(click_parser, option_values_may_start_with_a_dash) {
  // click `_get_value_from_state`: "value = state.rargs.pop(0)" whatever it looks like.
  click_settings s;
  s.allow_extra_args = true;
  const auto r = parse_click(words("-n -x"), celery_worker_table("5.2"), s, {}, "celery worker");
  EXPECT_EQ(r.flags.at("hostname").value.text, "-x");
}

TEST(click_parser, flags_refuse_values) {
  click_settings s;
  const auto r = parse_click(words("--beat=1"), celery_worker_table("5.2"), s, {}, "celery worker");
  EXPECT_EQ(r.errors.at(0), "celery worker: Error: Option '--beat' does not take a value.");
}

TEST(click_parser, empty_envvars_are_ignored) {
  click_settings s;
  s.auto_envvar_prefix = "CELERY_WORKER";
  shell_env env{{"CELERY_WORKER_CONCURRENCY", {"", true, {}, {}, true}}};
  const auto r = parse_click({}, celery_worker_table("5.2"), s, env, "celery worker");
  EXPECT_FALSE(r.flags.contains("concurrency"));
}

}  // namespace
}  // namespace connplan::launch::detail
