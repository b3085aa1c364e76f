// The parameter catalogue: versions, lookup, the version deltas named by the release notes, the
// internal consistency of every record, and that the generated 15 table matches the real server.
#include "postgres/catalogue.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "postgres/catalogue_detail.hpp"

namespace connplan::postgres {
namespace {

bool exists(std::string_view name, std::string_view version) {
  return find_parameter(name, version) != nullptr;
}

// The versions that exist, oldest to newest, for "exists only in" checks.
std::string versions_with(std::string_view name) {
  std::string out;
  for (auto v : known_versions())
    if (exists(name, v)) out += std::string(out.empty() ? "" : " ") + std::string(v);
  return out;
}

// CONTRACTS §3: PostgreSQL versions "12 … 18", default "newest in the catalogue".
TEST(catalogue, versions_are_12_to_18_and_the_newest_is_the_default) {
  auto v = known_versions();
  ASSERT_EQ(v.size(), 7u);
  EXPECT_EQ(v.front(), "12");
  EXPECT_EQ(newest_version(), "18");
  EXPECT_TRUE(is_known_version("15"));
  EXPECT_FALSE(is_known_version("11"));
  EXPECT_FALSE(is_known_version("15.4"));
  EXPECT_EQ(find_parameter("max_connections", "11"), nullptr);
}

// domain.md §6.3: "Parameter names case-insensitive"; unknown names are not found.
TEST(catalogue, lookup_is_case_insensitive) {
  const auto* p = find_parameter("Max_Connections", "15");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->name, "max_connections");
  EXPECT_EQ(p->context, "postmaster");
  EXPECT_EQ(p->boot_value, "100");
  ASSERT_NE(find_parameter("datestyle", "15"), nullptr);
  EXPECT_EQ(find_parameter("datestyle", "15")->name, "DateStyle");
  EXPECT_EQ(find_parameter("max_connection", "15"), nullptr);
  EXPECT_EQ(find_parameter("my_ext.x", "15"), nullptr);
}

// domain.md §6.4: base units of common parameters, as pg_settings.unit spells them.
TEST(catalogue, base_units_match_pg_settings) {
  EXPECT_EQ(find_parameter("shared_buffers", "15")->unit, "8kB");
  EXPECT_EQ(find_parameter("work_mem", "15")->unit, "kB");
  EXPECT_EQ(find_parameter("max_wal_size", "15")->unit, "MB");
  EXPECT_EQ(find_parameter("track_activity_query_size", "15")->unit, "B");
  EXPECT_EQ(find_parameter("statement_timeout", "15")->unit, "ms");
  EXPECT_EQ(find_parameter("checkpoint_timeout", "15")->unit, "s");
  EXPECT_EQ(find_parameter("log_rotation_age", "15")->unit, "min");
  EXPECT_EQ(find_parameter("max_connections", "15")->unit, "");
  // tool-behaviour.md 12: "postgres -C prints the value in the base unit (shared_buffers 16384)".
  EXPECT_EQ(find_parameter("shared_buffers", "15")->boot_value, "16384");
}

// The must-haves of the brief, each from the release notes cited in catalogue_deltas.cpp.
TEST(catalogue, parameters_exist_in_the_versions_the_release_notes_say) {
  EXPECT_EQ(versions_with("reserved_connections"), "16 17 18");
  EXPECT_EQ(versions_with("wal_keep_segments"), "12");
  EXPECT_EQ(versions_with("wal_keep_size"), "13 14 15 16 17 18");
  EXPECT_EQ(versions_with("vacuum_cleanup_index_scale_factor"), "12 13");
  EXPECT_EQ(versions_with("stats_temp_directory"), "12 13 14");
  EXPECT_EQ(versions_with("autovacuum_worker_slots"), "18");
  EXPECT_EQ(versions_with("hash_mem_multiplier"), "13 14 15 16 17 18");
  EXPECT_EQ(versions_with("transaction_timeout"), "17 18");
  EXPECT_EQ(versions_with("allow_alter_system"), "17 18");
  EXPECT_EQ(versions_with("force_parallel_mode"), "12 13 14 15");
  EXPECT_EQ(versions_with("debug_parallel_query"), "16 17 18");
  EXPECT_EQ(versions_with("promote_trigger_file"), "12 13 14 15");
  EXPECT_EQ(versions_with("old_snapshot_threshold"), "12 13 14 15 16");
  EXPECT_EQ(versions_with("db_user_namespace"), "12 13 14 15 16");
  EXPECT_EQ(versions_with("lc_messages"), "12 13 14 15 16 17 18");
  EXPECT_EQ(versions_with("max_connections"), "12 13 14 15 16 17 18");
}

// domain.md §6.2: "hash_mem_multiplier default was 1.0 in v13–v14 and 2.0 from v15".
TEST(catalogue, defaults_that_changed_between_versions) {
  EXPECT_EQ(find_parameter("hash_mem_multiplier", "13")->boot_value, "1");
  EXPECT_EQ(find_parameter("hash_mem_multiplier", "14")->boot_value, "1");
  EXPECT_EQ(find_parameter("hash_mem_multiplier", "15")->boot_value, "2");
  EXPECT_EQ(find_parameter("hash_mem_multiplier", "18")->boot_value, "2");
  EXPECT_EQ(find_parameter("password_encryption", "13")->boot_value, "md5");
  EXPECT_EQ(find_parameter("password_encryption", "14")->boot_value, "scram-sha-256");
  EXPECT_EQ(find_parameter("wal_compression", "14")->type, param_type::boolean);
  EXPECT_EQ(find_parameter("wal_compression", "15")->type, param_type::enumeration);
  EXPECT_EQ(find_parameter("log_connections", "17")->type, param_type::boolean);
  EXPECT_EQ(find_parameter("log_connections", "18")->type, param_type::string);
  EXPECT_EQ(find_parameter("track_activity_query_size", "12")->max, 102400);
  EXPECT_EQ(find_parameter("track_activity_query_size", "13")->max, 1048576);
}

// guc.c map_old_guc_names: `sort_mem` still sets work_mem (observed: `postgres -c sort_mem=1MB
// -C work_mem` prints 1024); ssl_ecdh_curve becomes ssl_groups in 18.
TEST(catalogue, obsolete_names_map_to_their_successors) {
  ASSERT_NE(find_parameter("sort_mem", "15"), nullptr);
  EXPECT_EQ(find_parameter("sort_mem", "15")->name, "work_mem");
  EXPECT_EQ(find_parameter("VACUUM_MEM", "12")->name, "maintenance_work_mem");
  EXPECT_EQ(find_parameter("ssl_ecdh_curve", "17")->name, "ssl_ecdh_curve");
  EXPECT_EQ(find_parameter("ssl_ecdh_curve", "18")->name, "ssl_groups");
}

// Every record of every version is self-consistent: its boot value converts to itself, enum
// aliases name listed values, and the names are unique.
TEST(catalogue, every_record_is_consistent) {
  for (auto v : known_versions()) {
    std::set<std::string> seen;
    const auto all = all_parameters(v);
    EXPECT_GT(all.size(), 300u) << v;
    for (const auto* p : all) {
      std::string lower(p->name);
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_TRUE(seen.insert(lower).second) << v << " " << p->name;
      EXPECT_EQ(find_parameter(p->name, v), p) << v << " " << p->name;
      if (p->type == param_type::string) continue;
      if (p->context == "internal") continue;  // computed at startup (block_size, ...)
      auto c = convert_value(*p, p->boot_value);
      EXPECT_FALSE(c.error) << v << " " << p->name << ": " << c.error.value_or("");
      EXPECT_EQ(c.setting, p->boot_value) << v << " " << p->name;
    }
    std::printf("PostgreSQL %s: %zu parameters\n", std::string(v).c_str(), all.size());
  }
}

// A typo in a delta would silently do nothing: every name the deltas restrict must be one of 15.
TEST(catalogue, deltas_name_real_parameters) {
  for (const auto& a : detail::pg15_availability())
    EXPECT_NE(find_parameter(a.name, "15"), nullptr) << a.name;
  for (const auto& r : detail::version_records()) {
    EXPECT_FALSE(r.why.empty()) << r.record.name;
    EXPECT_TRUE(r.since.empty() || is_known_version(r.since)) << r.record.name;
    EXPECT_TRUE(r.until.empty() || is_known_version(r.until)) << r.record.name;
  }
}

// The generated table is what the installed server says (scripts/gen_pg_catalogue.py --check
// regenerates it in memory and compares); skipped without PostgreSQL 15.
TEST(catalogue, generated_table_is_up_to_date) {
  if (!std::filesystem::exists("/usr/lib/postgresql/15/bin/postgres"))
    GTEST_SKIP() << "PostgreSQL 15 is not installed";
  const std::string cmd = std::string("/usr/bin/python3 ") + CONNPLAN_SOURCE_DIR +
                          "/scripts/gen_pg_catalogue.py --check";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace connplan::postgres
