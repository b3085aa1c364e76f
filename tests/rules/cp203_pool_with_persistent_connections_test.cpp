// CP203 pool-with-persistent-connections: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::map<std::string, std::string> deployment(const std::string& version,
                                              const std::string& conn_max_age,
                                              const std::string& pool) {
  return {{"connplan.toml", "[django]\nsettings = \"settings.py\"\nversion = \"" + version +
                                "\"\n\n[postgres]\nmax_connections = 100\n\n"
                                "[[service]]\nname = \"web\"\nkind = \"command\"\n"},
          {"settings.py",
           "DATABASES = {\n"
           "    'default': {\n"
           "        'ENGINE': 'django.db.backends.postgresql',\n"
           "        'NAME': 'app',\n"
           "        'CONN_MAX_AGE': " +
               conn_max_age +
               ",\n"
               "        'OPTIONS': {'pool': " +
               pool +
               "},\n"
               "    },\n"
               "}\n"}};
}

// domain.md §2.5: ImproperlyConfigured("Pooling doesn't support persistent connections.") "raised
// when settings_dict.get("CONN_MAX_AGE", 0) != 0 — i.e. for any positive value and for None".
TEST(cp203, fires_for_a_number_and_for_none) {
  for (const char* age : {"60", "None"}) {
    auto r = run_on(&check_cp203, deployment("5.1", age, "True"));
    ASSERT_EQ(r.findings.size(), 1u) << age;
    const finding& f = r.findings[0];
    EXPECT_EQ(f.location->begin.line, 5u);
    EXPECT_EQ(f.related.at(0).location->begin.line, 6u);
    EXPECT_NE(f.message.find("Pooling doesn't support persistent connections."), std::string::npos);
  }
  auto dict = run_on(&check_cp203, deployment("5.2", "600", "{'min_size': 2, 'max_size': 8}"));
  EXPECT_EQ(dict.findings.size(), 1u);
}

// domain.md §2.5: the pool is "Django ≥ 5.1"; with CONN_MAX_AGE = 0 the pool keeps connections
// ("with CONN_MAX_AGE 0 that happens at request end": close() returns it to the pool).
TEST(cp203, does_not_fire_with_zero_or_before_5_1_or_pool_off) {
  EXPECT_TRUE(run_on(&check_cp203, deployment("5.1", "0", "True")).findings.empty());
  EXPECT_TRUE(run_on(&check_cp203, deployment("5.0", "60", "True")).findings.empty());
  EXPECT_TRUE(run_on(&check_cp203, deployment("5.2", "60", "False")).findings.empty());
}

}  // namespace
}  // namespace connplan::rules
