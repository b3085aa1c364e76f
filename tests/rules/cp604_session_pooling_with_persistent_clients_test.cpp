// CP604 session-pooling-with-persistent-clients: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* toml = R"([django]
settings = "settings.py"

[postgres]
max_connections = 200

[[pgbouncer]]
name = "pgbouncer"
config = "pgbouncer.ini"

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
via = "pgbouncer"
)";

std::string settings(const std::string& conn_max_age) {
  return "DATABASES = {\n"
         "    'default': {\n"
         "        'ENGINE': 'django.db.backends.postgresql',\n"
         "        'NAME': 'app',\n"
         "        'USER': 'app',\n"
         "        'CONN_MAX_AGE': " +
         conn_max_age +
         ",\n"
         "    },\n"
         "}\n";
}

std::map<std::string, std::string> files(const std::string& ini, const std::string& age) {
  return {{"connplan.toml", toml},
          {"gunicorn.conf.py", "workers = 4\nthreads = 8\n"},
          {"settings.py", settings(age)},
          {"pgbouncer.ini", ini}};
}

// domain.md §8 item 44: "Session pooling + Django persistent connections: each Django thread pins
// a server connection; clients beyond the pool size wait and fail after `query_wait_timeout`".
TEST(cp604, fires_for_session_mode_and_persistent_connections) {
  auto r =
      run_on(&check_cp604, files("[databases]\napp = host=127.0.0.1 dbname=app pool_size=10\n\n"
                                 "[pgbouncer]\npool_mode = session\n",
                                 "600"));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "pgbouncer.ini");
  EXPECT_EQ(f.location->begin.line, 5u);  // the pool_mode line
  ASSERT_EQ(f.related.size(), 1u);
  EXPECT_EQ(f.related[0].location->file, "settings.py");
  EXPECT_EQ(f.related[0].message, "web: DATABASES.default.CONN_MAX_AGE = 600");
  EXPECT_NE(all_text(f).find("32 clients for 10 server connections"), std::string::npos)
      << all_text(f);
}

// domain.md §5.1: pool_mode default `session` — an entry without pool_mode is session too; the
// finding then sits on the entry.
TEST(cp604, fires_for_the_default_mode_on_the_entry) {
  auto r = run_on(&check_cp604, files("[databases]\napp = host=127.0.0.1 dbname=app\n", "None"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);
  EXPECT_EQ(r.findings[0].related.at(0).message, "web: DATABASES.default.CONN_MAX_AGE = None");
}

// Transaction pooling returns the server connection after each transaction; CONN_MAX_AGE = 0
// closes the client connection after each request.
TEST(cp604, does_not_fire_for_transaction_mode_or_closing_clients) {
  EXPECT_TRUE(
      run_on(&check_cp604,
             files("[databases]\napp = host=127.0.0.1 dbname=app pool_mode=transaction\n", "600"))
          .findings.empty());
  EXPECT_TRUE(run_on(&check_cp604, files("[databases]\napp = host=127.0.0.1 dbname=app\n", "0"))
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
