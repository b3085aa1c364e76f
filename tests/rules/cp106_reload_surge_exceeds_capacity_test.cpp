// CP106 reload-surge-exceeds-capacity: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

TEST(cp106, fires_when_a_reload_doubles_gunicorn_past_capacity) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 15)};  // 60, 120 during a HUP
  d.services[0].reload_doubles = true;
  auto f = run(&check_cp106, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "during a reload or deploy postgres may need 120 connections, over its 97 usable slots "
            "(worst case outside "
            "deploys: 60)");
}

TEST(cp106, does_not_fire_when_the_surge_fits_or_demand_already_exceeds) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 10)};
  d.services[0].reload_doubles = true;  // 80
  EXPECT_TRUE(run(&check_cp106, d).empty());
  d.services = {web(4, 100)};
  d.services[0].reload_doubles = true;  // CP101's case
  EXPECT_TRUE(run(&check_cp106, d).empty());
}

}  // namespace
}  // namespace connplan::rules
