// Tests of the postmaster's start-time checks (postmaster.c PostmasterMain @ REL_15_STABLE);
// tool-behaviour.md item 11: they "pass the config parser and -C, and fail only when the
// postmaster starts".
#include "postgres/checks.hpp"

#include <gtest/gtest.h>

#include "pg_test_support.hpp"

namespace connplan::postgres {
namespace {

using testing::count;
using testing::first;
using testing::project;

TEST(checks, reserved_slots_exceeding_max_connections) {
  project p;
  p.write("a.conf", "max_connections = 5\nsuperuser_reserved_connections = 5\n");
  auto c = p.load("a.conf");
  EXPECT_TRUE(c.accepted);  // a start-time check, not acceptance (CONTRACTS.md §2)
  ASSERT_EQ(count(c, "CP505"), 1);
  EXPECT_EQ(first(c, "CP505")->message,
            "superuser_reserved_connections (5) must be less than max_connections (5)");
  EXPECT_EQ(first(c, "CP505")->location->begin.line, 1u);
}

TEST(checks, reserved_slots_below_max_connections) {
  project p;
  p.write("a.conf", "max_connections = 6\nsuperuser_reserved_connections = 5\n");
  EXPECT_EQ(count(p.load("a.conf"), "CP505"), 0);
}

// domain.md §6.1 (v16+): superuser_reserved_connections plus reserved_connections must be less
// than max_connections.
TEST(checks, reserved_connections_count_from_16) {
  project p;
  p.options().pg_version = "16";
  p.write("a.conf",
          "max_connections = 10\nsuperuser_reserved_connections = 5\nreserved_connections = 5\n");
  auto c = p.load("a.conf");
  ASSERT_EQ(count(c, "CP505"), 1);
  EXPECT_NE(first(c, "CP505")->message.find("plus reserved_connections (5)"), std::string::npos);
}

TEST(checks, wal_level_minimal_with_wal_senders) {
  project p;
  p.write("a.conf", "wal_level = minimal\nmax_wal_senders = 3\narchive_mode = on\n");
  auto c = p.load("a.conf");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(count(c, "CP506"), 2);
  EXPECT_EQ(first(c, "CP506")->message,
            "WAL streaming (max_wal_senders > 0) requires wal_level \"replica\" or \"logical\"");
}

TEST(checks, wal_level_minimal_without_senders) {
  project p;
  p.write("a.conf", "wal_level = minimal\nmax_wal_senders = 0\n");
  EXPECT_EQ(count(p.load("a.conf"), "CP506"), 0);
}

// From 16 the MaxBackends sum is checked at start (InitializeMaxBackends), not by check hooks.
TEST(checks, max_backends_sum_is_a_start_check_from_16) {
  project p;
  p.options().pg_version = "16";
  p.write("a.conf", "max_connections = 262000\nmax_worker_processes = 1000\n");
  auto c = p.load("a.conf");
  EXPECT_EQ(count(c, "CP502"), 0);
  EXPECT_EQ(count(c, "CP506"), 1);
}

TEST(checks, key_defaults_list_the_contract_parameters) {
  auto names = key_defaults();
  EXPECT_EQ(names.size(), 13u);
  EXPECT_NE(std::find(names.begin(), names.end(), "reserved_connections"), names.end());
}

}  // namespace
}  // namespace connplan::postgres
