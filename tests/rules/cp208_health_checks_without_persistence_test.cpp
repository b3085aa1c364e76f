// CP208 health-checks-without-persistence: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::map<std::string, std::string> deployment(const std::string& version, const std::string& keys) {
  return {{"connplan.toml", "[django]\nsettings = \"settings.py\"\nversion = \"" + version +
                                "\"\n\n[postgres]\nmax_connections = 100\n\n"
                                "[[service]]\nname = \"web\"\nkind = \"command\"\n"},
          {"settings.py",
           "DATABASES = {\n"
           "    'default': {\n"
           "        'ENGINE': 'django.db.backends.postgresql',\n"
           "        'NAME': 'app',\n" +
               keys +
               "    },\n"
               "}\n"}};
}

// domain.md §2.3: "If set to True, existing persistent database connections will be health
// checked before they are reused in each request" — with CONN_MAX_AGE = 0 none is reused.
TEST(cp208, fires_with_the_default_and_an_explicit_zero) {
  auto r = run_on(&check_cp208, deployment("4.2", "        'CONN_HEALTH_CHECKS': True,\n"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->begin.line, 5u);
  EXPECT_EQ(r.findings[0].related.at(0).message, "CONN_MAX_AGE = 0 (Django's default)");
  EXPECT_EQ(r.findings[0].related.at(0).location->begin.line, 2u);  // the alias
  auto z = run_on(&check_cp208, deployment("5.2",
                                           "        'CONN_MAX_AGE': 0,\n"
                                           "        'CONN_HEALTH_CHECKS': True,\n"));
  ASSERT_EQ(z.findings.size(), 1u);
  EXPECT_EQ(z.findings[0].related.at(0).location->begin.line, 5u);
}

// domain.md §2.3: "new in Django 4.1"; "With the native pool it maps to
// check=ConnectionPool.check_connection".
TEST(cp208, does_not_fire_when_persistent_before_4_1_or_with_the_pool) {
  EXPECT_TRUE(run_on(&check_cp208, deployment("4.2",
                                              "        'CONN_MAX_AGE': 60,\n"
                                              "        'CONN_HEALTH_CHECKS': True,\n"))
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp208, deployment("4.0", "        'CONN_HEALTH_CHECKS': True,\n"))
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp208, deployment("5.1",
                                              "        'CONN_HEALTH_CHECKS': True,\n"
                                              "        'OPTIONS': {'pool': True},\n"))
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
