// CP108 standby-max-connections-below-primary: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

TEST(cp108, fires_when_a_standby_has_fewer_slots_than_its_primary) {
  plan::deployment d;
  plan::server_input primary = server(200);
  plan::server_input standby =
      server(100, source::from_file({"standby/postgresql.conf", {3, 1}, {3, 21}}));
  standby.name = "replica";
  standby.standby_of = "postgres";
  d.servers = {primary, standby};
  auto f = run(&check_cp108, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->file, "standby/postgresql.conf");
  EXPECT_EQ(f[0].related.at(0).location->file, "postgresql.conf");
}

TEST(cp108, does_not_fire_when_the_standby_has_as_many) {
  plan::deployment d;
  plan::server_input standby = server(200);
  standby.name = "replica";
  standby.standby_of = "postgres";
  d.servers = {server(200), standby};
  EXPECT_TRUE(run(&check_cp108, d).empty());
}

}  // namespace
}  // namespace connplan::rules
