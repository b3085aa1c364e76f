// CP207 persistent-connections-with-green-threads: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::map<std::string, std::string> deployment(const std::string& conn_max_age,
                                              const std::string& worker_class) {
  return {{"connplan.toml",
           "[django]\nsettings = \"settings.py\"\n\n"
           "[postgres]\nmax_connections = 100\n\n"
           "[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
           "config = \"gunicorn.conf.py\"\n"},
          {"gunicorn.conf.py",
           "workers = 2\nworker_class = '" + worker_class + "'\nworker_connections = 25\n"},
          {"settings.py",
           "DATABASES = {\n"
           "    'default': {\n"
           "        'ENGINE': 'django.db.backends.postgresql',\n"
           "        'NAME': 'app',\n"
           "        'CONN_MAX_AGE': " +
               conn_max_age +
               ",\n"
               "    },\n"
               "}\n"}};
}

// CONTRACTS §7: "gevent/eventlet with CONN_MAX_AGE ≠ 0 is unbounded (measured: connections pile up
// per HTTP connection)".
TEST(cp207, fires_at_conn_max_age_with_the_worker_class_related) {
  for (const char* cls : {"gevent", "eventlet"}) {
    auto r = run_on(&check_cp207, deployment("None", cls));
    ASSERT_EQ(r.findings.size(), 1u) << cls;
    const finding& f = r.findings[0];
    EXPECT_EQ(f.location->file, "settings.py");
    EXPECT_EQ(f.location->begin.line, 5u);
    EXPECT_EQ(f.service, "web");
    EXPECT_EQ(f.identity, "web:DATABASES.default.CONN_MAX_AGE");
    ASSERT_EQ(f.related.size(), 1u);
    EXPECT_EQ(f.related[0].location->file, "gunicorn.conf.py");
    EXPECT_EQ(f.related[0].location->begin.line, 2u);
  }
}

// domain.md §8 item 30: "-P gevent/eventlet -c 500 → up to 500 Django connections per worker
// node" — and with CONN_MAX_AGE ≠ 0 they are greenlet-local and kept; Celery ≥ 5.6 closes them
// around every task (§3.2).
TEST(cp207, fires_for_a_celery_gevent_pool_before_5_6_only) {
  auto files = [](const std::string& version) {
    return std::map<std::string, std::string>{
        {"connplan.toml",
         "[django]\nsettings = \"settings.py\"\n\n[postgres]\nmax_connections = "
         "100\n\n[[service]]\nname = \"worker\"\nkind = \"celery-worker\"\n"
         "config = \"celeryconfig.py\"\nversion = \"" +
             version + "\"\n"},
        {"celeryconfig.py", "worker_pool = 'gevent'\nworker_concurrency = 100\n"},
        {"settings.py",
         "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', "
         "'NAME': 'app', 'CONN_MAX_AGE': 60}}\n"}};
  };
  auto r = run_on(&check_cp207, files("5.4"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].related.at(0).location->file, "celeryconfig.py");
  EXPECT_TRUE(run_on(&check_cp207, files("5.6")).findings.empty());
}

// CONTRACTS §7: "with CONN_MAX_AGE = 0 it is worker_connections per process"; threads are not
// green threads.
TEST(cp207, does_not_fire_with_zero_or_real_threads) {
  EXPECT_TRUE(run_on(&check_cp207, deployment("0", "gevent")).findings.empty());
  EXPECT_TRUE(run_on(&check_cp207, deployment("600", "gthread")).findings.empty());
}

}  // namespace
}  // namespace connplan::rules
