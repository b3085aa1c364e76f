// CP204 server-side-cursors-with-transaction-pooling: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* toml = R"([django]
settings = "settings.py"

[postgres]
max_connections = 100

[[pgbouncer]]
name = "pgbouncer"
config = "pgbouncer.ini"
version = "1.23"

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
via = "pgbouncer"

[[service]]
name = "worker"
kind = "command"
via = "pgbouncer"
)";

std::map<std::string, std::string> deployment(const std::string& ini, const std::string& extra) {
  return {{"connplan.toml", toml},
          {"gunicorn.conf.py", "workers = 2\n"},
          {"pgbouncer.ini", ini},
          {"settings.py",
           "DATABASES = {\n"
           "    'default': {\n"
           "        'ENGINE': 'django.db.backends.postgresql',\n"
           "        'NAME': 'app',\n"
           "        'USER': 'app',\n" +
               extra +
               "    },\n"
               "}\n"}};
}

const char* transaction_ini =
    "[databases]\napp = host=127.0.0.1 dbname=app\n\n[pgbouncer]\npool_mode = transaction\n";

// domain.md §2.6: "Using a connection pooler in transaction pooling mode (e.g. PgBouncer) requires
// disabling server-side cursors for that connection."
TEST(cp204, fires_once_for_an_alias_shared_by_two_services) {
  auto r = run_on(&check_cp204, deployment(transaction_ini, ""));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "settings.py");
  EXPECT_EQ(f.location->begin.line, 2u);  // the alias, where the key belongs
  EXPECT_EQ(f.related.at(0).location->file, "pgbouncer.ini");
  EXPECT_EQ(f.related.at(0).location->begin.line, 5u);
  EXPECT_EQ(f.notes.at(0), "used by web, worker");
  EXPECT_TRUE(f.service.empty());
}

// domain.md §8 item 24: "pool_mode = transaction/statement while the Django alias lacks
// DISABLE_SERVER_SIDE_CURSORS = True"; a [users] pool_mode wins over the database's (src/server.c
// pool_pool_mode), and an explicit False is located on its own line.
TEST(cp204, fires_for_statement_mode_of_the_user_and_explicit_false) {
  auto r = run_on(&check_cp204,
                  deployment("[databases]\napp = host=127.0.0.1 dbname=app\n\n[users]\napp = "
                             "pool_mode=statement\n",
                             "        'DISABLE_SERVER_SIDE_CURSORS': False,\n"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->begin.line, 6u);
  EXPECT_NE(r.findings[0].message.find("statement pooling mode"), std::string::npos);
}

TEST(cp204, does_not_fire_when_disabled_or_in_session_mode) {
  EXPECT_TRUE(run_on(&check_cp204,
                     deployment(transaction_ini, "        'DISABLE_SERVER_SIDE_CURSORS': True,\n"))
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp204, deployment("[databases]\napp = host=127.0.0.1 dbname=app\n", ""))
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
