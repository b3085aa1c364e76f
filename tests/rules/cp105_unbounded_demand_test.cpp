// CP105 unbounded-demand: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/plan_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

TEST(cp105, fires_once_per_server_with_every_unbounded_cause_related) {
  plan::deployment d;
  d.servers = {server(100)};
  plan::service_input a = web(4, 100);
  a.model = plan::concurrency_model::green;
  a.model_label = "gevent";
  a.aliases[0].persistence = plan::persistence::persistent;
  plan::service_input b = a;
  b.name = "admin";
  d.services = {a, b};
  auto f = run(&check_cp105, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].related.size(), 2u);
  EXPECT_NE(f[0].message.find("have no upper bound: web: gevent with persistent connections"),
            std::string::npos);
}

TEST(cp105, fires_for_unbounded_clients_of_a_pgbouncer_that_bounds_the_server) {
  plan::deployment d;
  d.servers = {server(100)};
  d.pgbouncers = {bouncer(10)};
  plan::service_input s = web(1, 1, "pool", true);
  s.model = plan::concurrency_model::asgi;
  s.model_label = "daphne";
  s.concurrency = {};
  d.services = {s};
  auto f = run(&check_cp105, d);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(
      f[0].message.rfind("the client connections to pool have no upper bound: web: daphne", 0), 0u);
  EXPECT_EQ(f[0].location->file, "pgbouncer.ini");
  EXPECT_EQ(f[0].location->begin.line, 9u);  // max_client_conn
}

TEST(cp105, does_not_fire_for_bounded_or_merely_unknown_demand) {
  plan::deployment d;
  d.servers = {server(100)};
  d.services = {web(4, 2)};
  EXPECT_TRUE(run(&check_cp105, d).empty());
  d.services[0].processes =
      plan::count::unknown("WEB_CONCURRENCY is not set", py_line(1));  // CP002's job
  EXPECT_TRUE(run(&check_cp105, d).empty());
}

}  // namespace
}  // namespace connplan::rules
