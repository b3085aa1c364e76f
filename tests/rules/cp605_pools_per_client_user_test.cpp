// CP605 pools-per-client-user: a case that fires and one that does not.
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

const char* two_users = R"(DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'USER': 'app'},
    'reports': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'USER': 'reporting'},
}
)";

std::map<std::string, std::string> files(const std::string& ini, const std::string& settings) {
  return {{"connplan.toml", toml},
          {"gunicorn.conf.py", "workers = 2\n"},
          {"settings.py", settings},
          {"pgbouncer.ini", ini}};
}

// domain.md §8 item 43: "Pools are per (database, user): N client users without a forced `user=`
// → N × `pool_size` server connections".
TEST(cp605, fires_when_two_users_share_an_entry_without_user) {
  auto r = run_on(&check_cp605,
                  files("[databases]\napp = host=127.0.0.1 dbname=app pool_size=15\n", two_users));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "pgbouncer.ini");
  EXPECT_EQ(f.location->begin.line, 2u);
  EXPECT_NE(f.message.find("2 client users (app, reporting)"), std::string::npos) << f.message;
  EXPECT_EQ(f.related.size(), 2u);
  EXPECT_NE(all_text(f).find("2 pools × pool_size 15 = up to 30"), std::string::npos)
      << all_text(f);
}

// domain.md §5.2: "`*` is the fallback database"; it is pooled per user as well.
TEST(cp605, fires_for_the_fallback_entry) {
  auto r = run_on(&check_cp605, files("[databases]\n* = host=127.0.0.1\n", two_users));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_NE(r.findings[0].message.find("database *"), std::string::npos) << r.findings[0].message;
}

// doc/config.md `user`: "If user= is set … there will be only one pool for this database"; one
// user name makes one pool anyway.
TEST(cp605, does_not_fire_with_a_forced_user_or_one_user) {
  EXPECT_TRUE(run_on(&check_cp605,
                     files("[databases]\napp = host=127.0.0.1 dbname=app user=app\n", two_users))
                  .findings.empty());
  const char* one_user = R"(DATABASES = {
    'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'USER': 'app'},
    'replica': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'USER': 'app'},
}
)";
  EXPECT_TRUE(
      run_on(&check_cp605, files("[databases]\napp = host=127.0.0.1 dbname=app\n", one_user))
          .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
