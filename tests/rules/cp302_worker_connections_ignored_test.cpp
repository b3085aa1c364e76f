#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

// domain.md §8 item 8: "`worker_connections` set with the `sync` worker has no effect
// [gunicorn/config.py `WorkerConnections.desc`]".
TEST(cp302, fires_when_worker_connections_is_set_for_the_sync_worker) {
  auto r = run_on(&check_cp302, {{"connplan.toml", gunicorn_toml},
                                 {"gunicorn.conf.py", "workers = 4\nworker_connections = 500\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.code, "CP302");
  EXPECT_EQ(f.location->file, "gunicorn.conf.py");
  EXPECT_EQ(f.location->begin.line, 2u);
  EXPECT_EQ(f.service, "web");
  EXPECT_NE(f.message.find("worker_connections = 500"), std::string::npos) << f.message;
}

// The same file read as gevent: "This setting only affects the gthread, eventlet and gevent
// worker types" — there it is the greenlet pool's size.
TEST(cp302, does_not_fire_for_gevent_or_when_unset) {
  auto gevent = run_on(
      &check_cp302, {{"connplan.toml", gunicorn_toml},
                     {"gunicorn.conf.py", "worker_class = 'gevent'\nworker_connections = 500\n"}});
  EXPECT_TRUE(gevent.findings.empty());
  auto unset = run_on(&check_cp302,
                      {{"connplan.toml", gunicorn_toml}, {"gunicorn.conf.py", "workers = 4\n"}});
  EXPECT_TRUE(unset.findings.empty());
}

}  // namespace
}  // namespace connplan::rules
