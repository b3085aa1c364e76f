#include "celery/catalogue.hpp"

#include <gtest/gtest.h>

namespace connplan::celery::detail {
namespace {

TEST(CeleryCatalogue, BaseIsDebianCelery52) {
  // scripts/gen_celery_catalogue.py asserts the rows equal SETTING_KEYS (169 in 5.2.6).
  const catalogue* c = catalogue_for("5.2");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->options().size(), 169u);
  const option* o = c->find("worker_concurrency");
  ASSERT_NE(o, nullptr);
  // domain.md §3.3: `CELERYD_CONCURRENCY`→`worker_concurrency`
  EXPECT_EQ(o->old_name, "CELERYD_CONCURRENCY");
  // domain.md §3.1: "worker_concurrency default None"
  EXPECT_TRUE(c->default_of(*o).is_null());
  EXPECT_EQ(c->find_old("CELERY_RESULT_ENGINE_OPTIONS")->name, "database_engine_options");
  EXPECT_EQ(c->find_old("BROKER_URL")->name, "broker_url");
  // domain.md §3.4: `pool_limit=Option(10)`
  EXPECT_EQ(c->default_of(*c->find("broker_pool_limit")), 10);
  EXPECT_EQ(c->find("worker_autoscale"), nullptr);  // "There is no `worker_autoscale` config key"
}

TEST(CeleryCatalogue, LaterVersionsOnlyAdd) {
  const catalogue* previous = nullptr;
  for (auto v : known_versions()) {
    const catalogue* c = catalogue_for(v);
    ASSERT_NE(c, nullptr) << v;
    if (previous != nullptr) {
      for (const auto& o : previous->options()) EXPECT_NE(c->find(o.name), nullptr) << o.name;
      EXPECT_GT(c->options().size(), previous->options().size()) << v;
    }
    previous = c;
  }
  EXPECT_EQ(newest_version(), "5.6");
  EXPECT_EQ(catalogue_for("5.1"), nullptr);
  EXPECT_EQ(catalogue_for("6.0"), nullptr);
}

TEST(CeleryCatalogue, Deltas) {
  EXPECT_EQ(catalogue_for("5.2")->find("broker_connection_retry_on_startup"), nullptr);
  EXPECT_NE(catalogue_for("5.3")->find("broker_connection_retry_on_startup"), nullptr);
  EXPECT_EQ(catalogue_for("5.4")->find("database_create_tables_at_setup"), nullptr);
  EXPECT_NE(catalogue_for("5.5")->find("database_create_tables_at_setup"), nullptr);
  EXPECT_EQ(catalogue_for("5.5")->find_old("CELERYD_ETA_TASK_LIMIT"), nullptr);
  EXPECT_EQ(catalogue_for("5.6")->find_old("CELERYD_ETA_TASK_LIMIT")->name,
            "worker_eta_task_limit");
  // domain.md §3.5: database_engine_options default None through 5.5; 5.6.3 (#10124) adds
  // pool_pre_ping and pool_recycle.
  const auto* c55 = catalogue_for("5.5");
  const auto* c56 = catalogue_for("5.6");
  EXPECT_TRUE(c55->default_of(*c55->find("database_engine_options")).is_null());
  EXPECT_EQ(c56->default_of(*c56->find("database_engine_options"))["pool_recycle"], 3600);
}

TEST(CeleryCatalogue, OldNamesAreOneToOne) {
  for (auto v : known_versions()) {
    const catalogue* c = catalogue_for(v);
    for (const auto& o : c->options()) {
      ASSERT_NE(c->find_old(o.old_name), nullptr) << o.old_name;
      EXPECT_EQ(c->find_old(o.old_name)->name, o.name);
    }
  }
}

}  // namespace
}  // namespace connplan::celery::detail
