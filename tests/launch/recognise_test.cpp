// Wrappers and program recognition (src/launch/recognise.cpp); each wrapper comes from a real
// launch file of the shared corpus or from the launcher's documentation.
#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::flag_text;
using testing::only_command;

TEST(recognise, wrappers_seen_in_the_corpus) {
  struct row {
    const char* text;
    program expected;
  };
  const row rows[] = {
      {"newrelic-admin run-program gunicorn m:a", program::gunicorn},  // mozilla/pontoon
      {"ddtrace-run python -m gunicorn.app.wsgiapp -c c.py m:a", program::gunicorn},  // warehouse
      {"env DD_SERVICE=w ddtrace-run celery -A w worker", program::celery},           // warehouse
      {"REMAP_SIGTERM=SIGQUIT celery -A x worker", program::celery},  // HackSoftware
      {"bin/start-nginx gunicorn -c gunicorn.conf pydotorg.wsgi", program::gunicorn},  // pydotorg
      {"exec su-exec taiga celery -A taiga.celery worker -B", program::celery},        // taiga
      {"/opt/netbox/venv/bin/gunicorn --config g.py netbox.wsgi", program::gunicorn},  // netbox
      {"nohup gunicorn m:a", program::gunicorn},
      {"python3 -u -m uvicorn m:app", program::uvicorn},
      {"python -m daphne m:app", program::daphne},
      {"python -m celery -A p worker", program::celery},
      {"poetry run gunicorn m:a", program::gunicorn},
      {"pipenv run celery -A p worker", program::celery},
      {"uv run --no-sync --with x gunicorn m:a", program::gunicorn},
      {"opentelemetry-instrument --traces_exporter console gunicorn m:a", program::gunicorn},
      {"tini -- gunicorn m:a", program::gunicorn},
      {"python manage.py runserver 0.0.0.0:8000", program::django_manage},
      {"./manage.py migrate", program::django_manage},
      {"django-admin check", program::django_admin},
      {"python -m django check", program::django_admin},
      {"redis-server --maxclients 20000", program::unknown},
      {"python ping.py", program::unknown},
      // The interpreter's names: python, pythonN, pythonN.M (recognise.cpp is_python).
      {"/usr/bin/python3.11 -m gunicorn m:a", program::gunicorn},
      {"python2 -m celery -A p worker", program::celery},
      {"python3x -m gunicorn m:a", program::unknown},
      {"python3. -m gunicorn m:a", program::unknown},
      {"python3.1x -m gunicorn m:a", program::unknown},
      {"pythonw -m gunicorn m:a", program::unknown},
  };
  for (const auto& r : rows) EXPECT_EQ(only_command(r.text).program, r.expected) << r.text;
}

TEST(recognise, env_assignments_are_kept) {
  const auto c = only_command("env A=1 B=\"x y\" WEB_CONCURRENCY=4 gunicorn m:a");
  ASSERT_EQ(c.env.size(), 3u);
  EXPECT_EQ(c.env[1].name, "B");
  EXPECT_EQ(c.env[1].value.text, "x y");
  EXPECT_EQ(c.wrappers, (std::vector<std::string>{"env"}));
}

TEST(recognise, sh_c_and_chains) {
  // `umask 0 && exec gunicorn …` (TandoorRecipes boot.sh): one command per segment.
  const auto r = parse_command_line("umask 0 && exec gunicorn -w 2 m:a; echo done", {});
  ASSERT_EQ(r.commands.size(), 3u);
  EXPECT_EQ(r.commands[1].program, program::gunicorn);
  EXPECT_EQ(r.commands[1].wrappers, (std::vector<std::string>{"exec"}));
  const auto s = parse_command_line("sh -c 'python manage.py migrate && gunicorn -w 3 m:a'", {});
  ASSERT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(flag_text(s.commands[1], "workers"), "3");
  EXPECT_EQ(s.commands[1].wrappers, (std::vector<std::string>{"sh -c"}));
}

}  // namespace
}  // namespace connplan::launch
