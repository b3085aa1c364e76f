#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* toml = R"([django]
module = "proj.local"

[postgres]
max_connections = 100

[[service]]
name = "web"
kind = "command"
)";

const char* base = R"(DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "CONN_MAX_AGE": 600,
    }
}
)";

std::map<std::string, std::string> chain(const std::string& production, const std::string& local) {
  return {{"connplan.toml", toml},
          {"proj/__init__.py", ""},
          {"proj/base.py", base},
          {"proj/production.py", "from .base import *\n\n" + production},
          {"proj/local.py", "from .production import *\n\n" + local}};
}

// A project whose settings are the one module proj/settings.py.
std::map<std::string, std::string> single(const std::string& settings) {
  std::string one = toml;
  one.replace(one.find("proj.local"), 10, "proj.settings");
  return {{"connplan.toml", one}, {"proj/__init__.py", ""}, {"proj/settings.py", settings}};
}

// domain.md §8 item 14: "Conflicting CONN_MAX_AGE across base.py/production.py/local.py: report
// the effective value after import * and later reassignments/mutations, and every overridden
// value with its location".
TEST(cp201, fires_at_the_effective_assignment_with_the_others_related) {
  auto r = run_on(&check_cp201, chain("DATABASES['default']['CONN_MAX_AGE'] = None\n",
                                      "DATABASES['default']['CONN_MAX_AGE'] = 60\n"));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.code, "CP201");
  ASSERT_TRUE(f.location);
  EXPECT_EQ(f.location->file, "proj/local.py");
  EXPECT_EQ(f.location->begin.line, 3u);
  EXPECT_NE(f.message.find("(600, None, 60); Django uses 60"), std::string::npos) << f.message;
  ASSERT_EQ(f.related.size(), 2u);
  EXPECT_EQ(f.related[0].location->file, "proj/base.py");
  EXPECT_EQ(f.related[0].message, "CONN_MAX_AGE = 600, overridden later");
  EXPECT_EQ(f.related[1].location->file, "proj/production.py");
  EXPECT_EQ(f.related[1].message, "CONN_MAX_AGE = None, overridden later");
  EXPECT_NE(f.notes.at(0).find("proj/base.py:5, proj/production.py:3, proj/local.py:3"),
            std::string::npos)
      << f.notes.at(0);
  EXPECT_EQ(f.identity, "DATABASES.default.CONN_MAX_AGE");
}

// domain.md §2.7 / §8 item 27: rebinding the alias with a dict that lacks the key brings back
// Django's default 0 ("ConnectionHandler.configure_settings only setdefaults these (CONN_MAX_AGE
// → 0 …)", §2.1).
TEST(cp201, fires_when_a_later_dict_drops_the_key) {
  auto r = run_on(&check_cp201,
                  chain("DATABASES['default'] = {'ENGINE': 'django.db.backends.postgresql', "
                        "'NAME': 'app'}\n",
                        ""));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_NE(r.findings[0].message.find("Django uses 0"), std::string::npos)
      << r.findings[0].message;
}

TEST(cp201, does_not_fire_when_every_assignment_agrees_or_there_is_one) {
  EXPECT_TRUE(run_on(&check_cp201, chain("DATABASES['default']['CONN_MAX_AGE'] = 600\n", ""))
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp201, chain("", "")).findings.empty());
}

// DESIGN.md: "`if`/`else` (all branches are possible: the worst case takes the max)" — a branch on
// something unknown chooses between environments; it does not override on the same path.
TEST(cp201, does_not_fire_for_alternatives_of_an_unknown_branch) {
  EXPECT_TRUE(run_on(&check_cp201, chain("import os\n\nif os.environ.get('CI'):\n"
                                         "    DATABASES['default']['CONN_MAX_AGE'] = 0\n",
                                         ""))
                  .findings.empty());
}

// A real override made inside a function: the module's dict says 60, then a call of a function
// that changes the same dict to 0. Python runs the call after the module-level store.
TEST(cp201, fires_for_an_override_inside_a_called_function) {
  auto r = run_on(&check_cp201,
                  chain("DATABASES['default']['CONN_MAX_AGE'] = 60\n\n\n"
                        "def no_persistence():\n    global DATABASES\n"
                        "    DATABASES['default']['CONN_MAX_AGE'] = 0\n\n\nno_persistence()\n",
                        ""));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_NE(f.message.find("(600, 60, 0); Django uses 0"), std::string::npos) << f.message;
  ASSERT_TRUE(f.location);
  EXPECT_EQ(f.location->file, "proj/production.py");
  EXPECT_EQ(f.location->begin.line, 8u);
  ASSERT_EQ(f.related.size(), 2u);
  EXPECT_EQ(f.related[0].location->file, "proj/base.py");
  EXPECT_EQ(f.related[1].location->begin.line, 3u);
  EXPECT_NE(f.notes.at(0).find("proj/base.py:5, proj/production.py:3, proj/production.py:8"),
            std::string::npos)
      << f.notes.at(0);
}

// `def setup(): global DATABASES; DATABASES = {...}; return DATABASES` and then
// `DATABASES = setup()`: the function's store and the module's store of the same dict are one
// value, not an override (a member valued from elsewhere, HOST, used to split the dict's log and
// show a "reset" to 0 between two 30s).
TEST(cp201, does_not_fire_for_a_dict_stored_through_global_and_returned) {
  auto r = run_on(&check_cp201,
                  single("HOST = 'db'\n\n\ndef setup():\n    global DATABASES\n"
                         "    DATABASES = {\n        'default': {\n"
                         "            'ENGINE': 'django.db.backends.postgresql',\n"
                         "            'HOST': HOST,\n            'CONN_MAX_AGE': 30,\n"
                         "        }\n    }\n    return DATABASES\n\n\nDATABASES = setup()\n"));
  EXPECT_TRUE(r.findings.empty()) << (r.findings.empty() ? "" : r.findings[0].message);
}

}  // namespace
}  // namespace connplan::rules
