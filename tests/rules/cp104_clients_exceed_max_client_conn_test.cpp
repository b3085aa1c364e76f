#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

TEST(cp104, fires_when_clients_exceed_max_client_conn_anchored_on_the_key) {
  plan::deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(10, 100)};
  d.services = {web(4, 50, "pool", true)};  // 200 clients
  auto f = run(&check_cp104, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].message,
            "200 client connections can point at pool, which accepts 100 (100 max_client_conn × 1 "
            "instance)");
  EXPECT_EQ(f[0].location->begin.line, 9u);
}

TEST(cp104, does_not_fire_within_the_limit_or_for_unbounded_clients) {
  plan::deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(10, 100)};
  d.services = {web(4, 25, "pool", true)};
  EXPECT_TRUE(run(&check_cp104, d).empty());
  d.services[0].model = plan::concurrency_model::asgi;  // unbounded: CP105's cause, not CP104's
  d.services[0].concurrency = {};
  EXPECT_TRUE(run(&check_cp104, d).empty());
}

}  // namespace
}  // namespace connplan::rules
