// Effective settings: gunicorn's precedence (domain.md §1.2), Celery's pool/concurrency rules
// (domain.md §3.1), uvicorn's processes (domain.md §1.6).
#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::only_command;

raw_value text(std::string s) {
  raw_value v;
  v.text = std::move(s);
  return v;
}

TEST(resolve, gunicorn_precedence) {
  // configure.rst: command line > GUNICORN_CMD_ARGS > config file > environment defaults.
  const auto c = only_command("GUNICORN_CMD_ARGS='--threads 3 -w 5' gunicorn -w 2 m:a");
  const auto e = resolve_gunicorn(
      c, {{"WEB_CONCURRENCY", "9"}},
      {{"workers", text("7")}, {"threads", text("8")}, {"timeout", text("10")}}, false);
  EXPECT_EQ(e.settings.at("workers").value.text, "2");
  EXPECT_EQ(e.settings.at("workers").origin, setting_origin::command_line);
  EXPECT_EQ(e.settings.at("threads").value.text, "3");
  EXPECT_EQ(e.settings.at("threads").origin, setting_origin::gunicorn_cmd_args);
  EXPECT_EQ(e.settings.at("timeout").origin, setting_origin::config_file);
  EXPECT_EQ(e.settings.at("worker_class").origin, setting_origin::default_value);
  // Workers default: int(os.environ.get("WEB_CONCURRENCY", 1)).
  const auto d =
      resolve_gunicorn(only_command("gunicorn m:a"), {{"WEB_CONCURRENCY", "9"}}, {}, false);
  EXPECT_EQ(d.settings.at("workers").value.text, "9");
  EXPECT_EQ(d.settings.at("workers").origin, setting_origin::env_default);
  EXPECT_EQ(resolve_gunicorn(only_command("gunicorn m:a"), {}, {}, false)
                .settings.at("workers")
                .value.text,
            "1");
}

TEST(resolve, gunicorn_config_file_choice) {
  // "When a configuration file is specified in the command line arguments and in the
  // GUNICORN_CMD_ARGS environment variable, only the configuration file specified on the
  // command line is used."
  const auto both = resolve_gunicorn(
      only_command("GUNICORN_CMD_ARGS='-c env.py' gunicorn -c cli.py m:a"), {}, {}, true);
  EXPECT_EQ(both.config_path->text, "cli.py");
  EXPECT_EQ(both.config_from, config_origin::command_line);
  const auto env =
      resolve_gunicorn(only_command("GUNICORN_CMD_ARGS='-c env.py' gunicorn m:a"), {}, {}, true);
  EXPECT_EQ(env.config_path->text, "env.py");
  // Only ./gunicorn.conf.py loads without -c, and only when it exists.
  EXPECT_EQ(resolve_gunicorn(only_command("gunicorn m:a"), {}, {}, true).config_path->text,
            "./gunicorn.conf.py");
  EXPECT_FALSE(
      resolve_gunicorn(only_command("gunicorn m:a"), {}, {}, false).config_path.has_value());
}

TEST(resolve, celery_pool_and_concurrency) {
  // WorkersPool.convert: "if value == 'prefork' and worker_pool: value = ...(worker_pool)".
  const auto explicit_prefork = resolve_celery_worker(only_command("celery -A p worker -P prefork"),
                                                      {{"worker_pool", text("threads")}});
  EXPECT_EQ(explicit_prefork.pool.text, "threads");
  EXPECT_EQ(explicit_prefork.pool_from, "config");
  const auto solo = resolve_celery_worker(only_command("celery -A p worker -P solo"),
                                          {{"worker_pool", text("threads")}});
  EXPECT_EQ(solo.pool.text, "solo");
  // `-c 0`: "value or app.conf.worker_concurrency".
  const auto zero = resolve_celery_worker(only_command("celery -A p worker -c 0"),
                                          {{"worker_concurrency", text("6")}});
  EXPECT_EQ(zero.concurrency.text, "6");
  EXPECT_EQ(zero.concurrency_from, "config");
  const auto cpu = resolve_celery_worker(only_command("celery -A p worker"), {});
  EXPECT_FALSE(cpu.concurrency.known);
  EXPECT_EQ(cpu.concurrency_from, "cpu_count");
  // Autoscale: "N" → (N, 0); values sorted.
  EXPECT_EQ(
      resolve_celery_worker(only_command("celery -A p worker --autoscale=3,10"), {}).autoscale,
      (std::pair<int, int>(10, 3)));
  EXPECT_EQ(resolve_celery_worker(only_command("celery -A p worker --autoscale 5"), {}).autoscale,
            (std::pair<int, int>(5, 0)));
  EXPECT_TRUE(resolve_celery_worker(only_command("celery -A p worker -B"), {}).beat);
}

TEST(resolve, uvicorn_workers) {
  // "self.workers = workers or 1"; WEB_CONCURRENCY when --workers is not given.
  EXPECT_EQ(resolve_uvicorn(only_command("uvicorn m:a"), {{"WEB_CONCURRENCY", "5"}}).workers.text,
            "5");
  EXPECT_EQ(resolve_uvicorn(only_command("uvicorn m:a --workers 3"), {{"WEB_CONCURRENCY", "5"}})
                .workers.text,
            "3");
  EXPECT_EQ(resolve_uvicorn(only_command("uvicorn m:a"), {}).workers.text, "1");
  EXPECT_EQ(resolve_uvicorn(only_command("uvicorn m:a --workers 0"), {}).workers.text, "1");
  // '"workers" flag is ignored when reloading is enabled.'
  EXPECT_EQ(resolve_uvicorn(only_command("uvicorn m:a --workers 4 --reload"), {}).workers.text,
            "1");
  EXPECT_EQ(resolve_uvicorn(only_command("uvicorn m:a --limit-concurrency 9"), {})
                .limit_concurrency->text,
            "9");
}

}  // namespace
}  // namespace connplan::launch
