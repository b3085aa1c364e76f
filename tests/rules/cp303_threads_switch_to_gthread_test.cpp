// CP303 threads-switch-to-gthread: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

// tool-behaviour.md, gunicorn 20.1 item 2: "`threads > 1` with `worker_class = "sync"` silently
// switches to the `gthread` ThreadWorker".
TEST(cp303, fires_when_threads_turn_the_sync_worker_into_gthread) {
  auto r = run_on(&check_cp303,
                  {{"connplan.toml", gunicorn_toml},
                   {"gunicorn.conf.py", "worker_class = 'sync'\nworkers = 2\nthreads = 8\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->begin.line, 3u);
  ASSERT_EQ(f.related.size(), 1u);
  EXPECT_EQ(f.related[0].location->begin.line, 1u);
  EXPECT_NE(f.message.find("threads = 8"), std::string::npos) << f.message;
}

// domain.md §1.1: the default worker_class is "sync", so threads alone switches too.
TEST(cp303, fires_with_the_default_worker_class) {
  auto r = run_on(&check_cp303,
                  {{"connplan.toml", gunicorn_toml}, {"gunicorn.conf.py", "threads = 4\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_TRUE(r.findings[0].related.empty());
}

// An explicit gthread says what runs; threads = 1 keeps the sync worker.
TEST(cp303, does_not_fire_for_explicit_gthread_or_one_thread) {
  EXPECT_TRUE(
      run_on(&check_cp303, {{"connplan.toml", gunicorn_toml},
                            {"gunicorn.conf.py", "worker_class = 'gthread'\nthreads = 8\n"}})
          .findings.empty());
  EXPECT_TRUE(run_on(&check_cp303,
                     {{"connplan.toml", gunicorn_toml}, {"gunicorn.conf.py", "threads = 1\n"}})
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
