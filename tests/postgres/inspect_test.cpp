// Tests of the `inspect` document for postgresql.conf (CONTRACTS.md §6).
#include <gtest/gtest.h>

#include "connplan/json_io.hpp"
#include "pg_test_support.hpp"

namespace connplan::postgres {
namespace {

using testing::project;

// CONTRACTS.md §6: "value is the string postgres -C NAME prints (base unit); settings has every
// parameter the files set plus defaults for max_connections, ...".
TEST(inspect, settings_hold_set_values_and_key_defaults) {
  project p;
  p.write("postgresql.conf", "shared_buffers = '1004kB'\nmy.x = 'hi'\n");
  auto f = inspect(p.dir() / "postgresql.conf", p.options());
  EXPECT_EQ(f.kind, "postgresql");
  EXPECT_EQ(f.path, "postgresql.conf");
  EXPECT_TRUE(f.accepted);
  // tool-behaviour.md item 4: "shared_buffers = 1004kB = 125.5 pages → 126".
  EXPECT_EQ(f.settings.at("shared_buffers").value, "126");
  EXPECT_EQ(f.settings.at("shared_buffers").unit, "8kB");
  EXPECT_EQ(f.settings.at("shared_buffers").origin.kind, source_kind::file);
  EXPECT_EQ(f.settings.at("max_connections").value, "100");
  EXPECT_EQ(f.settings.at("max_connections").origin.kind, source_kind::default_value);
  EXPECT_FALSE(f.settings.at("max_connections").unit.has_value());
  EXPECT_EQ(f.settings.at("my.x").value, "hi");
  EXPECT_FALSE(f.settings.at("my.x").unit.has_value());
  EXPECT_EQ(f.settings.count("reserved_connections"), 0u);  // 16+ only
  for (auto name : {"superuser_reserved_connections", "work_mem", "maintenance_work_mem",
                    "statement_timeout", "idle_in_transaction_session_timeout", "max_wal_senders",
                    "max_worker_processes", "autovacuum_max_workers", "listen_addresses", "port"}) {
    EXPECT_EQ(f.settings.count(name), 1u) << name;
  }
}

TEST(inspect, unknown_values_are_unknown_entries) {
  project p;
  p.write("postgresql.conf", "work_mem = 100B\n");
  auto f = inspect(p.dir() / "postgresql.conf", p.options());
  EXPECT_FALSE(f.accepted);
  EXPECT_EQ(f.settings.at("work_mem").status, value_status::unknown);
  auto json = to_json(f);
  EXPECT_TRUE(json["settings"]["work_mem"]["value"].is_null());
  EXPECT_EQ(json["settings"]["work_mem"]["expr"], "100B");
}

// postgresql.conf is bytes; JSON is UTF-8: invalid bytes are replaced, never thrown on.
TEST(inspect, latin1_bytes_survive_json) {
  project p;
  p.write("postgresql.conf", "log_line_prefix = 'caf\xE9'\n");
  auto f = inspect(p.dir() / "postgresql.conf", p.options());
  EXPECT_NO_THROW((void)to_json(f).dump());
  EXPECT_EQ(f.settings.at("log_line_prefix").value, "caf\xEF\xBF\xBD");
}

TEST(inspect, fixtures_agree_with_their_comments) {
  const std::filesystem::path fixtures = CONNPLAN_SOURCE_DIR "/fixtures/postgresql";
  inspect_options options;
  options.root.dir = fixtures;
  options.pg_version = "15";
  auto f = inspect(fixtures / "include_dir_order" / "postgresql.conf", options);
  EXPECT_EQ(f.settings.at("max_connections").value, "130");  // Zeta.conf after 10-more.conf
  EXPECT_EQ(f.settings.at("work_mem").value, "2048");        // alpha.conf is read last
  auto a = inspect(fixtures / "auto_conf_overrides" / "postgresql.conf", options);
  EXPECT_EQ(a.settings.at("max_connections").value, "250");
}

}  // namespace
}  // namespace connplan::postgres
