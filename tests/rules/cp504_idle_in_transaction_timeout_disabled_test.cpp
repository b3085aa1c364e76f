// CP504 idle-in-transaction-timeout-disabled: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* toml = "[postgres]\nconfig = \"postgresql.conf\"\n";

// domain.md §6.2: `idle_in_transaction_session_timeout=0` is the default; config.sgml: "A value of
// zero (the default) disables the timeout." Anchored on the line when set, else on the file.
TEST(cp504, fires_when_the_timeout_is_zero_or_unset) {
  auto set = run_on(
      &check_cp504,
      {{"connplan.toml", toml},
       {"postgresql.conf", "max_connections = 100\nidle_in_transaction_session_timeout = 0\n"}});
  ASSERT_EQ(set.findings.size(), 1u);
  EXPECT_EQ(set.findings[0].location->file, "postgresql.conf");
  EXPECT_EQ(set.findings[0].location->begin.line, 2u);

  auto unset = run_on(&check_cp504,
                      {{"connplan.toml", toml}, {"postgresql.conf", "max_connections = 100\n"}});
  ASSERT_EQ(unset.findings.size(), 1u);
  EXPECT_EQ(unset.findings[0].location->file, "postgresql.conf");
  EXPECT_EQ(unset.findings[0].location->begin.line, 0u);  // the file as a whole
  EXPECT_NE(unset.findings[0].message.find("not set"), std::string::npos);
}

// Any positive value (units as PostgreSQL reads them: '5min' = 300000 ms) enables it; without a
// postgresql.conf in the repository there is nothing to report on.
TEST(cp504, does_not_fire_when_set_or_without_a_config) {
  EXPECT_TRUE(
      run_on(&check_cp504, {{"connplan.toml", toml},
                            {"postgresql.conf", "idle_in_transaction_session_timeout = '5min'\n"}})
          .findings.empty());
  EXPECT_TRUE(run_on(&check_cp504, {{"connplan.toml", "[postgres]\nmax_connections = 100\n"}})
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
