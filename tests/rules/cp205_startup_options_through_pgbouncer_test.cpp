// CP205 startup-options-through-pgbouncer: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::map<std::string, std::string> deployment(const std::string& version,
                                              const std::string& pgbouncer_section,
                                              const std::string& options,
                                              const std::string& via = "pgbouncer") {
  return {{"connplan.toml",
           "[django]\nsettings = \"settings.py\"\n\n"
           "[postgres]\nmax_connections = 100\n\n"
           "[[pgbouncer]]\nname = \"pgbouncer\"\nconfig = \"pgbouncer.ini\"\n"
           "version = \"" +
               version + "\"\n\n[[service]]\nname = \"web\"\nkind = \"command\"\nvia = \"" + via +
               "\"\n"},
          {"pgbouncer.ini",
           "[databases]\napp = host=127.0.0.1 dbname=app\n\n[pgbouncer]\n" + pgbouncer_section},
          {"settings.py",
           "DATABASES = {\n"
           "    'default': {\n"
           "        'ENGINE': 'django.db.backends.postgresql',\n"
           "        'NAME': 'app',\n"
           "        'USER': 'app',\n"
           "        'OPTIONS': {'options': '" +
               options +
               "'},\n"
               "    },\n"
               "}\n"}};
}

// tool-behaviour.md (pgbouncer 1.18): "A client that sends options=-c statement_timeout=30000 …
// is refused: FATAL:  unsupported startup parameter: options. Every connection of the application
// fails."
TEST(cp205, fires_refused_on_1_18) {
  auto r = run_on(&check_cp205, deployment("1.18", "", "-c statement_timeout=5000"));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "settings.py");
  EXPECT_EQ(f.location->begin.line, 6u);
  EXPECT_NE(f.message.find("every connection fails with FATAL: unsupported startup parameter: "
                           "options"),
            std::string::npos)
      << f.message;
  EXPECT_EQ(f.related.at(0).location->file, "connplan.toml");
}

// tool-behaviour.md: "With ignore_startup_parameters = options the connection succeeds, and the
// setting is silently dropped".
TEST(cp205, fires_dropped_on_1_18_with_options_ignored) {
  auto r = run_on(&check_cp205, deployment("1.18", "ignore_startup_parameters = options\n",
                                           "-c statement_timeout=5000"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_NE(r.findings[0].message.find("statement_timeout silently has no effect"),
            std::string::npos)
      << r.findings[0].message;
  EXPECT_EQ(r.findings[0].related.at(0).location->file, "pgbouncer.ini");
}

// domain.md §5.5: 1.20.0+: "each parameter must be tracked (track_extra_parameters) or ignored,
// else unsupported startup parameter in options: statement_timeout"; "only GUC_REPORT parameters
// can be tracked".
TEST(cp205, on_1_23_refuses_untracked_drops_ignored_and_cannot_track_statement_timeout) {
  auto refused = run_on(&check_cp205, deployment("1.23", "", "-c statement_timeout=5000"));
  ASSERT_EQ(refused.findings.size(), 1u);
  EXPECT_NE(refused.findings[0].message.find("unsupported startup parameter in options: "
                                             "statement_timeout"),
            std::string::npos);
  auto dropped = run_on(&check_cp205, deployment("1.23",
                                                 "ignore_startup_parameters = "
                                                 "statement_timeout\n",
                                                 "-c statement_timeout=5000"));
  ASSERT_EQ(dropped.findings.size(), 1u);
  EXPECT_NE(dropped.findings[0].message.find("which drops it"), std::string::npos);
  auto untrackable = run_on(&check_cp205, deployment("1.23",
                                                     "track_extra_parameters = "
                                                     "statement_timeout\n",
                                                     "-c statement_timeout=5000"));
  ASSERT_EQ(untrackable.findings.size(), 1u);
  EXPECT_NE(untrackable.findings[0].message.find("which drops it"), std::string::npos);
}

TEST(cp205, does_not_fire_for_tracked_reported_parameters_or_a_direct_route) {
  // IntervalStyle is tracked by default from 1.20 and reported by PostgreSQL (doc/config.md
  // track_extra_parameters "Default: IntervalStyle").
  EXPECT_TRUE(
      run_on(&check_cp205, deployment("1.23", "", "-c IntervalStyle=iso_8601")).findings.empty());
  EXPECT_TRUE(run_on(&check_cp205, deployment("1.18", "", "-c statement_timeout=5000", "postgres"))
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
