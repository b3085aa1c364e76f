// CP304 max-requests-without-jitter: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

// domain.md §8 item 12: "`max_requests` without `max_requests_jitter` restarts all workers at about
// the same time [gunicorn/config.py `MaxRequestsJitter.desc`]".
TEST(cp304, fires_when_max_requests_has_no_jitter) {
  auto r = run_on(&check_cp304, {{"connplan.toml", gunicorn_toml},
                                 {"gunicorn.conf.py", "workers = 4\nmax_requests = 1000\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);
  EXPECT_NE(r.findings[0].notes.at(0).find("e.g. 100"), std::string::npos);
}

// max_requests 0 (the default) disables the restarts; a jitter spreads them.
TEST(cp304, does_not_fire_with_jitter_or_without_max_requests) {
  EXPECT_TRUE(run_on(&check_cp304,
                     {{"connplan.toml", gunicorn_toml},
                      {"gunicorn.conf.py", "max_requests = 1000\nmax_requests_jitter = 100\n"}})
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp304,
                     {{"connplan.toml", gunicorn_toml}, {"gunicorn.conf.py", "workers = 4\n"}})
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
