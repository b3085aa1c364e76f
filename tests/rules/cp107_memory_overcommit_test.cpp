#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

// CONTRACTS §11: "CP107 memory-overcommit (`shared_buffers + (max_connections +
// max_worker_processes) × work_mem × k`, k = 2, vs `[postgres] memory`)".
TEST(cp107, fires_when_the_worst_case_exceeds_the_declared_memory) {
  auto r = run_on(
      &check_cp107,
      {{"connplan.toml", "[postgres]\nconfig = \"postgresql.conf\"\nmemory = \"16GB\"\n"},
       {"postgresql.conf", "max_connections = 500\nshared_buffers = 4GB\nwork_mem = 64MB\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "connplan.toml");
  EXPECT_EQ(f.location->begin.line, 3u);
  // 4GB + (500 + 8) × 64MB × 2 = 4096MB + 65024MB = 69120MB = 67.5GB
  EXPECT_NE(f.message.find("67.5GB"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("16GB"), std::string::npos) << f.message;
  EXPECT_EQ(f.notes.at(0),
            "shared_buffers 4GB + (max_connections 500 + max_worker_processes 8) × work_mem 64MB × "
            "2 = 67.5GB");
  // (16GB − 4GB) / (508 × 2) = 12.09MB, floored to whole kB
  EXPECT_NE(f.notes.at(1).find("12.1MB"), std::string::npos) << f.notes.at(1);
  EXPECT_EQ(f.related.size(), 3u);  // work_mem, max_connections, shared_buffers lines
}

// PostgreSQL's defaults (no postgresql.conf): 128MB + (100 + 8) × 4MB × 2 = 992MB.
TEST(cp107, uses_postgresql_defaults_without_a_config) {
  auto small = run_on(&check_cp107, {{"connplan.toml", "[postgres]\nmemory = \"512MB\"\n"}});
  ASSERT_EQ(small.findings.size(), 1u);
  EXPECT_NE(small.findings[0].message.find("992MB"), std::string::npos)
      << small.findings[0].message;
  EXPECT_TRUE(
      run_on(&check_cp107, {{"connplan.toml", "[postgres]\nmemory = \"1GB\"\n"}}).findings.empty());
}

// "Only when memory is declared."
TEST(cp107, does_not_fire_without_memory_or_when_it_fits) {
  EXPECT_TRUE(
      run_on(&check_cp107, {{"connplan.toml", "[postgres]\nconfig = \"postgresql.conf\"\n"},
                            {"postgresql.conf", "max_connections = 5000\nwork_mem = 1GB\n"}})
          .findings.empty());
  EXPECT_TRUE(
      run_on(&check_cp107,
             {{"connplan.toml", "[postgres]\nconfig = \"postgresql.conf\"\nmemory = \"64 GB\"\n"},
              {"postgresql.conf", "max_connections = 200\nshared_buffers = 16GB\n"}})
          .findings.empty());
}

// config.sgml: "The unit name is case-sensitive"; a size connplan cannot read is CP010.
TEST(cp107, reports_an_unreadable_memory_as_an_invalid_config_value) {
  auto r = run_on(&check_cp107, {{"connplan.toml", "[postgres]\nmemory = \"16gb\"\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "CP010");
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);
}

}  // namespace
}  // namespace connplan::rules
