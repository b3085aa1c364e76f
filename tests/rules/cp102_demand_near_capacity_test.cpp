// CP102 demand-near-capacity: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

TEST(cp102, fires_above_warn_percent_but_within_capacity) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 20)};  // 80 of 97 = 82%
  auto f = run(&check_cp102, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "worst-case demand of 80 connections is 82% of the 97 usable slots of postgres, above "
            "the 80% warning level");
}

TEST(cp102, does_not_fire_below_the_level_or_above_capacity) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 19)};  // 76 ≤ 77.6
  EXPECT_TRUE(run(&check_cp102, d).empty());
  d.services = {web(4, 100)};  // CP101's case
  EXPECT_TRUE(run(&check_cp102, d).empty());
  d.services = {web(4, 20)};
  d.servers[0].warn_percent = 90;
  EXPECT_TRUE(run(&check_cp102, d).empty());
}

}  // namespace
}  // namespace connplan::rules
