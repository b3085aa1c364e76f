#include "celery/names.hpp"

#include <gtest/gtest.h>

namespace connplan::celery::detail {
namespace {

const catalogue& cat() {
  return *catalogue_for("5.2");
}

TEST(CeleryNames, PrefixFollowsTheNamespaceCase) {
  // celery/utils/collections.py _to_keys: `match_case(prefix + key, prefix)`
  EXPECT_EQ(prefixed("CELERY_", "worker_concurrency"), "CELERY_WORKER_CONCURRENCY");
  EXPECT_EQ(prefixed("celery_", "worker_concurrency"), "celery_worker_concurrency");
  EXPECT_EQ(unprefix(cat(), "CELERY_", "CELERY_WORKER_POOL")->name, "worker_pool");
  EXPECT_EQ(unprefix(cat(), "CELERY_", "CELERY_worker_pool"), nullptr);
  EXPECT_EQ(unprefix(cat(), "CELERY_", "CELERYD_CONCURRENCY"), nullptr);
  EXPECT_EQ(unprefix(cat(), "CELERY_", "CELERY_WORKER_CONCURENCY"), nullptr);
}

TEST(CeleryNames, LooksLikeSetting) {
  EXPECT_TRUE(looks_like_setting(cat(), "CELERY_CONCURRENCY"));
  EXPECT_TRUE(looks_like_setting(cat(), "BROKER_HEARTBEET"));
  EXPECT_TRUE(looks_like_setting(cat(), "task_soft_limit"));
  EXPECT_TRUE(looks_like_setting(cat(), "worker_concurency"));
  EXPECT_FALSE(looks_like_setting(cat(), "BASE_DIR"));
  EXPECT_FALSE(looks_like_setting(cat(), "os"));
  EXPECT_FALSE(looks_like_setting(cat(), "_private"));
}

TEST(CeleryNames, DidYouMean) {
  std::vector<std::string> news;
  std::vector<std::string> olds;
  std::vector<std::string> prefixed_names;
  for (const auto& o : cat().options()) {
    news.emplace_back(o.name);
    olds.emplace_back(o.old_name);
    prefixed_names.push_back(prefixed("CELERY_", o.name));
  }
  EXPECT_EQ(did_you_mean("task_soft_limit", news), "task_soft_time_limit");
  EXPECT_EQ(did_you_mean("worker_concurency", news), "worker_concurrency");
  // tool-behaviour.md Celery 5.2.6 item 4: "typos (`CELERYD_CONCURENCY`) are ignored silently"
  EXPECT_EQ(did_you_mean("CELERYD_CONCURENCY", olds), "CELERYD_CONCURRENCY");
  // SOURCES.md: "wrong setting name `CELERY_CONCURRENCY = 4`"
  EXPECT_EQ(did_you_mean("CELERY_CONCURRENCY", olds), "CELERYD_CONCURRENCY");
  EXPECT_EQ(did_you_mean("CELERY_CONCURRENCY", prefixed_names), "CELERY_WORKER_CONCURRENCY");
  EXPECT_EQ(did_you_mean("CELERY_WORKER_AUTOSCALE", prefixed_names), "CELERY_WORKER_AUTOSCALER");
  EXPECT_EQ(did_you_mean("completely_unrelated_thing", news), std::nullopt);
}

TEST(CeleryNames, EditDistance) {
  EXPECT_EQ(edit_distance("abc", "abc"), 0u);
  EXPECT_EQ(edit_distance("abc", "ABC"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_TRUE(is_upper_name("CELERY_X1"));
  EXPECT_FALSE(is_upper_name("Celery"));
  EXPECT_FALSE(is_upper_name("_1"));
}

}  // namespace
}  // namespace connplan::celery::detail
