// CP305 worker-timeout-disabled: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

// domain.md §8 item 11: "`timeout = 0` disables the watchdog, so hung requests hold their DB
// connections indefinitely [gunicorn/config.py `Timeout`]".
TEST(cp305, fires_when_the_timeout_is_zero) {
  auto r = run_on(&check_cp305, {{"connplan.toml", gunicorn_toml},
                                 {"gunicorn.conf.py", "workers = 4\ntimeout = 0\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);
  EXPECT_EQ(r.findings[0].identity, "timeout");
}

// tool-behaviour.md gunicorn item 3: integers go through int(val, 0), so "0x1e" is 30.
TEST(cp305, does_not_fire_for_a_positive_or_default_timeout) {
  EXPECT_TRUE(run_on(&check_cp305,
                     {{"connplan.toml", gunicorn_toml}, {"gunicorn.conf.py", "timeout = '0x1e'\n"}})
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp305,
                     {{"connplan.toml", gunicorn_toml}, {"gunicorn.conf.py", "workers = 2\n"}})
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
