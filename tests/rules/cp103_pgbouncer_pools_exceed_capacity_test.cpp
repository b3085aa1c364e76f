// CP103 pgbouncer-pools-exceed-capacity: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

TEST(cp103, fires_when_the_pools_ceiling_exceeds_usable_slots) {
  plan::deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(120, 1000)};
  d.services = {web(4, 1, "pool", true)};  // only 4 clients now, but the pool allows 120
  auto f = run(&check_cp103, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->file, "pgbouncer.ini");
  EXPECT_NE(f[0].message.find("allow 120 server connections"), std::string::npos);
}

TEST(cp103, does_not_fire_when_the_pools_fit) {
  plan::deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(20)};
  d.services = {web(4, 25, "pool", true)};
  EXPECT_TRUE(run(&check_cp103, d).empty());
}

}  // namespace
}  // namespace connplan::rules
