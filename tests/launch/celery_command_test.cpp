// celery's command line (celery/bin/celery.py, worker.py, beat.py, multi.py @ v5.2.7; click 8.1).
#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::flag_text;
using testing::only_command;

TEST(celery_command, app_before_the_subcommand) {
  for (const char* text : {"celery -A proj worker -c 4", "celery --app=proj worker --concurrency=4",
                           "celery --app proj worker -c4"}) {
    const auto c = only_command(text);
    EXPECT_EQ(c.subcommand, "worker");
    EXPECT_EQ(c.app->text, "proj") << text;
    EXPECT_EQ(flag_text(c, "concurrency"), "4") << text;
    EXPECT_TRUE(c.errors.empty()) << text;
  }
}

TEST(celery_command, app_after_the_subcommand_is_refused_by_celery_5) {
  // celery.py: "The support for this usage was removed in Celery 5.0. Instead you should use
  // `-A` as a global option".
  const auto c = only_command("celery worker -A proj -c 3");
  ASSERT_FALSE(c.errors.empty());
  EXPECT_NE(c.errors.front().find("removed in Celery 5.0"), std::string::npos);
  EXPECT_EQ(c.app->text, "proj");
  EXPECT_EQ(flag_text(c, "concurrency"), "3");
}

TEST(celery_command, worker_options) {
  const auto c = only_command(
      "celery -A p worker -P gevent --autoscale=10,3 -B --max-tasks-per-child 100 "
      "--max-memory-per-child 2000 -Q a,b -n w1@%h -l info --without-gossip");
  EXPECT_EQ(flag_text(c, "pool"), "gevent");
  EXPECT_EQ(flag_text(c, "autoscale"), "10,3");
  EXPECT_EQ(flag_text(c, "beat"), "true");
  EXPECT_EQ(flag_text(c, "max_tasks_per_child"), "100");
  EXPECT_EQ(flag_text(c, "max_memory_per_child"), "2000");
  EXPECT_EQ(flag_text(c, "queues"), "a,b");
  EXPECT_EQ(flag_text(c, "hostname"), "w1@%h");
  EXPECT_EQ(flag_text(c, "loglevel"), "info");
  EXPECT_EQ(flag_text(c, "without_gossip"), "true");
  EXPECT_TRUE(c.errors.empty());
}

TEST(celery_command, click_has_no_abbreviations_and_glues_short_values) {
  EXPECT_EQ(only_command("celery -A p worker --conc 4").errors.at(0),
            "celery worker: Error: No such option: --conc");
  // click/parser.py `_match_short_opt`: the rest of the word is the value, '=' included.
  EXPECT_FALSE(only_command("celery -A p worker -c=4").errors.empty());
  EXPECT_EQ(flag_text(only_command("celery -A p worker -Bc 4"), "concurrency"), "4");
  EXPECT_EQ(only_command("celery -A p worker -P bogus").errors.size(), 1u);
}

TEST(celery_command, click_envvars) {
  // click/core.py `Option.resolve_envvar_value`: f"{ctx.auto_envvar_prefix}_{self.name.upper()}"
  // with main()'s `celery(auto_envvar_prefix="CELERY")`.
  parse_options o;
  o.env["CELERY_WORKER_CONCURRENCY"] = "7";
  o.env["APP"] = "fromenv";
  const auto c = only_command("celery worker", o);
  EXPECT_EQ(flag_text(c, "concurrency"), "7");
  EXPECT_EQ(c.flags.at("concurrency").origin, flag_origin::envvar);
  EXPECT_EQ(c.flags.at("concurrency").spelling, "CELERY_WORKER_CONCURRENCY");
  EXPECT_EQ(c.app->text, "fromenv");
  EXPECT_EQ(flag_text(only_command("celery -A p worker -c 2", o), "concurrency"), "2");
}

TEST(celery_command, beat_and_other_subcommands) {
  const auto b =
      only_command("celery -A p beat -S django_celery_beat.schedulers:DatabaseScheduler");
  EXPECT_EQ(b.subcommand, "beat");
  EXPECT_EQ(flag_text(b, "scheduler"), "django_celery_beat.schedulers:DatabaseScheduler");
  const auto f = only_command("celery -A p flower --port=5555");
  EXPECT_EQ(f.subcommand, "flower");
  EXPECT_TRUE(f.flags.find("concurrency") == f.flags.end());
}

TEST(celery_command, multi_nodes) {
  // celery/apps/multi.py: one integer N means N nodes; `-c:1 4` applies to node 1 only.
  const auto c = only_command("celery multi start 3 -A proj -c 2 -c:1 8 --pidfile=/run/%n.pid");
  EXPECT_EQ(c.subcommand, "multi start");
  ASSERT_EQ(c.nodes.size(), 3u);
  EXPECT_EQ(c.nodes[0].name, "celery1");
  EXPECT_EQ(c.nodes[0].flags.at("concurrency").value.text, "8");
  EXPECT_EQ(c.nodes[1].flags.at("concurrency").value.text, "2");
  EXPECT_EQ(c.app->text, "proj");
  const auto named = only_command("celery multi start w1 w2 -A proj -c:w2 5");
  ASSERT_EQ(named.nodes.size(), 2u);
  EXPECT_EQ(named.nodes[1].flags.at("concurrency").value.text, "5");
  EXPECT_FALSE(named.nodes[0].flags.contains("concurrency"));
}

TEST(celery_command, versions) {
  parse_options o;
  o.celery_version = "5.2";
  EXPECT_FALSE(only_command("celery -A p worker --disable-prefetch", o).errors.empty());
  o.celery_version = "5.6";
  EXPECT_TRUE(only_command("celery -A p worker --disable-prefetch", o).errors.empty());
  EXPECT_TRUE(only_command("celery --skip-checks -A p worker", o).errors.empty());
}

}  // namespace
}  // namespace connplan::launch
