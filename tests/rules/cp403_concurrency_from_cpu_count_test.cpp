// CP403 concurrency-from-cpu-count: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* worker_toml = R"([[service]]
name = "worker"
kind = "celery-worker"
config = "celeryconfig.py"
)";

// domain.md §8 item 29: "`worker_concurrency` unset → host CPU count"; §3.1: "Default: Number of
// CPU cores." The rule fires whether or not a CPU count was assumed; the note says which.
TEST(cp403, fires_when_concurrency_is_left_to_the_cpu_count) {
  auto unknown = run_on(&check_cp403, {{"connplan.toml", worker_toml},
                                       {"celeryconfig.py", "broker_url = 'redis://localhost'\n"}});
  ASSERT_EQ(unknown.findings.size(), 1u);
  EXPECT_EQ(unknown.findings[0].service, "worker");
  EXPECT_EQ(unknown.findings[0].location->file, "connplan.toml");  // nothing in the file to cite
  EXPECT_NE(unknown.findings[0].notes.at(0).find("unknown"), std::string::npos);

  auto assumed = run_on(
      &check_cp403,
      {{"connplan.toml", worker_toml}, {"celeryconfig.py", "worker_concurrency = None\n"}}, {}, 8);
  ASSERT_EQ(assumed.findings.size(), 1u);
  EXPECT_EQ(assumed.findings[0].location->file, "celeryconfig.py");
  EXPECT_NE(assumed.findings[0].message.find("worker_concurrency = None"), std::string::npos);
  EXPECT_NE(assumed.findings[0].notes.at(0).find("counted 8 CPUs"), std::string::npos)
      << assumed.findings[0].notes.at(0);
}

// Without connplan.toml the worker is discovered from its celery.py; with nothing in any file to
// cite, the finding sits on the Celery file as a whole.
TEST(cp403, fires_on_the_celery_file_of_a_discovered_worker) {
  auto r = run_on(&check_cp403, {{"proj/celery.py",
                                  "from celery import Celery\napp = Celery('proj', "
                                  "broker='redis://localhost')\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->file, "proj/celery.py");
  EXPECT_EQ(r.findings[0].location->begin.line, 0u);
}

// celery/bin/worker.py: `-c/--concurrency` and `--autoscale` set the number of processes; the
// solo pool runs one task at a time whatever the CPU count.
TEST(cp403, does_not_fire_when_the_concurrency_is_stated) {
  EXPECT_TRUE(run_on(&check_cp403, {{"connplan.toml", worker_toml},
                                    {"celeryconfig.py", "worker_concurrency = 4\n"}})
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp403,
                     {{"connplan.toml",
                       std::string(worker_toml) + "command = \"celery -A proj worker -c 4\"\n"},
                      {"celeryconfig.py", "broker_url = 'redis://localhost'\n"}})
                  .findings.empty());
  EXPECT_TRUE(run_on(&check_cp403, {{"connplan.toml", worker_toml},
                                    {"celeryconfig.py", "worker_pool = 'solo'\n"}})
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
