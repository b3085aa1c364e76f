// CP206 misplaced-database-setting: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::map<std::string, std::string> deployment(const std::string& settings) {
  return {{"connplan.toml",
           "[django]\nsettings = \"settings.py\"\n\n"
           "[postgres]\nmax_connections = 100\n\n"
           "[[service]]\nname = \"web\"\nkind = \"command\"\n"},
          {"settings.py", settings}};
}

const char* alias_without_key =
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app'}}\n";

// domain.md §8 item 15: "A top-level CONN_MAX_AGE = … (or CONN_HEALTH_CHECKS,
// DISABLE_SERVER_SIDE_CURSORS) is an unused setting — these are per-alias keys inside
// DATABASES[...]".
TEST(cp206, fires_for_module_level_per_alias_keys) {
  auto r = run_on(&check_cp206, deployment(std::string(alias_without_key) +
                                           "CONN_MAX_AGE = 600\nDISABLE_SERVER_SIDE_CURSORS = "
                                           "True\n"));
  ASSERT_EQ(r.findings.size(), 2u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "settings.py");
  EXPECT_EQ(f.location->begin.line, 2u);
  EXPECT_EQ(f.identity, "CONN_MAX_AGE");
  EXPECT_NE(f.message.find("CONN_MAX_AGE = 600 at module level is ignored"), std::string::npos)
      << f.message;
  EXPECT_NE(all_text(f).find("DATABASES['default']['CONN_MAX_AGE'] is 0 (Django's default)"),
            std::string::npos)
      << all_text(f);
  EXPECT_EQ(r.findings[1].location->begin.line, 3u);
}

// A helper variable whose value the alias uses is not misplaced: the alias's value is the
// helper's (domain.md §2.7: names bound at module level are ordinary Python names until Django
// reads the upper-case ones it knows).
TEST(cp206, does_not_fire_for_a_helper_the_alias_uses_or_without_one) {
  EXPECT_TRUE(
      run_on(&check_cp206, deployment("CONN_MAX_AGE = 600\nDATABASES = {'default': {'ENGINE': "
                                      "'django.db.backends.postgresql', 'NAME': 'app', "
                                      "'CONN_MAX_AGE': CONN_MAX_AGE}}\n"))
          .findings.empty());
  EXPECT_TRUE(run_on(&check_cp206, deployment(alias_without_key)).findings.empty());
}

}  // namespace
}  // namespace connplan::rules
