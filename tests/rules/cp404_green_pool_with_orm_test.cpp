// CP404 green-pool-with-orm: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* toml = R"([django]
settings = "settings.py"

[[service]]
name = "worker"
kind = "celery-worker"
config = "celeryconfig.py"
)";

const char* settings = R"(DATABASES = {
    "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app", "USER": "app"},
}
)";

// domain.md §8 item 30: "`-P gevent/eventlet -c 500` → up to 500 Django connections per worker
// node".
TEST(cp404, fires_for_a_gevent_pool_with_django) {
  auto r = run_on(&check_cp404,
                  {{"connplan.toml", toml},
                   {"settings.py", settings},
                   {"celeryconfig.py", "worker_pool = 'gevent'\nworker_concurrency = 500\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "celeryconfig.py");
  EXPECT_EQ(f.location->begin.line, 1u);
  EXPECT_NE(f.message.find("gevent"), std::string::npos);
  EXPECT_NE(all_text(f).find("500 green threads × 1 alias = 500"), std::string::npos)
      << all_text(f);
}

// The prefork pool runs one task per child; without Django the green threads open no ORM
// connections.
TEST(cp404, does_not_fire_for_prefork_or_without_the_orm) {
  EXPECT_TRUE(run_on(&check_cp404, {{"connplan.toml", toml},
                                    {"settings.py", settings},
                                    {"celeryconfig.py", "worker_concurrency = 4\n"}})
                  .findings.empty());
  const char* no_django = R"([[service]]
name = "worker"
kind = "celery-worker"
config = "celeryconfig.py"
)";
  EXPECT_TRUE(run_on(&check_cp404,
                     {{"connplan.toml", no_django},
                      {"celeryconfig.py", "worker_pool = 'gevent'\nworker_concurrency = 500\n"}})
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
