#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

// The founding incident's arithmetic: 4 workers × 100 greenlets = 400 against 97 usable slots.
TEST(cp101, fires_when_the_worst_case_exceeds_usable_slots_anchored_on_max_connections) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 100)};
  auto f = run(&check_cp101, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].code, "CP101");
  EXPECT_EQ(f[0].message,
            "worst-case demand of 400 connections exceeds the 97 usable slots of postgres");
  EXPECT_EQ(f[0].location->file, "postgresql.conf");
  EXPECT_EQ(f[0].location->begin.line, 5u);
  ASSERT_EQ(f[0].related.size(), 1u);
  EXPECT_EQ(f[0].related[0].message,
            "web: 1 replica × 4 workers × 100 threads (gthread) × 1 alias = 400");
}

TEST(cp101, anchors_on_the_service_when_max_connections_is_a_default) {
  plan::deployment d;
  d.servers = {server(100, source::default_value())};
  d.services = {web(4, 100)};
  auto f = run(&check_cp101, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->file, "gunicorn.conf.py");
}

TEST(cp101, does_not_fire_when_demand_fits) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 24)};  // 96 of 97
  EXPECT_TRUE(run(&check_cp101, d).empty());
}

}  // namespace
}  // namespace connplan::rules
