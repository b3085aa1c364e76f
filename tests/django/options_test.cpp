#include "django/options.hpp"

#include <gtest/gtest.h>

#include "django/test_values.hpp"

namespace connplan::django::detail {
namespace {

using namespace testing;

const value postgres = str("django.db.backends.postgresql");

options_analysis analyse(const value& options, std::string_view version,
                         const value& engine = postgres) {
  return analyse_options("default", options, engine, parse_version(version),
                         source::from_file(at(10)));
}

std::vector<std::string> codes(const options_analysis& a) {
  std::vector<std::string> out;
  for (const auto& f : a.findings) out.push_back(f.code);
  return out;
}

// tool-behaviour.md pgbouncer section: Django's OPTIONS["options"] sends
// "options=-c statement_timeout=30000"; postinit.c pg_split_opts splits at white space.
TEST(DjangoOptions, StartupOptionsAreSplitIntoSettings) {
  auto parts =
      parse_startup_options("-c statement_timeout=5000  -csearch_path=public --work-mem=4MB");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "statement_timeout");
  EXPECT_EQ(parts[0].value, "5000");
  EXPECT_EQ(parts[1].name, "search_path");
  EXPECT_EQ(parts[1].value, "public");
  EXPECT_EQ(parts[2].name, "work_mem");  // guc.c ParseLongOption: '-' reads as '_'
  EXPECT_EQ(parts[2].value, "4MB");
}

TEST(DjangoOptions, BackslashEscapesWhiteSpace) {
  auto parts = parse_startup_options(R"(-c search_path=a,\ b)");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].value, "a, b");
}

TEST(DjangoOptions, ParsedOptionsAreReported) {
  auto a = analyse(dict({{"options", str("-c statement_timeout=5000")}}), "4.2");
  ASSERT_EQ(a.startup_options.size(), 1u);
  ASSERT_TRUE(a.startup_options_text);
  EXPECT_EQ(a.startup_options_text->value, "-c statement_timeout=5000");
}

// domain.md §8 item 16: "CONN_MAX_AGE (or other Django keys) placed inside OPTIONS is passed to
// libpq → connection error".
TEST(DjangoOptions, DjangoKeyInOptionsIsCP209) {
  auto a = analyse(dict({{"CONN_MAX_AGE", located(integer(600), at(12, 9))}}), "5.2");
  ASSERT_EQ(codes(a), std::vector<std::string>{"CP209"});
  EXPECT_EQ(a.findings[0].location->begin.line, 12u);
  EXPECT_NE(a.findings[0].message.find("invalid connection option \"CONN_MAX_AGE\""),
            std::string::npos);
  EXPECT_EQ(a.findings[0].identity, "DATABASES.default.OPTIONS.CONN_MAX_AGE");
}

// domain.md §2.7: dj-database-url puts "?conn_max_age=600" in OPTIONS ("passed to libpq (error)").
TEST(DjangoOptions, LowerCaseDjangoKeyIsCP209) {
  EXPECT_EQ(codes(analyse(dict({{"conn_max_age", integer(600)}}), "5.2")),
            std::vector<std::string>{"CP209"});
}

// tool-behaviour.md Django 3.2 item 6: `OPTIONS["database"]` beats NAME and `OPTIONS["password"]`
// is used: libpq parameters (and psycopg2's `database`) are fine; so are the keys Django removes
// (isolation_level; assume_role, server_side_binding 4.2+; pool 5.1+).
TEST(DjangoOptions, DriverAndDjangoOnlyKeysAreFine) {
  auto a = analyse(dict({{"options", str("-c x=1")},
                         {"sslmode", str("require")},
                         {"connect_timeout", integer(5)},
                         {"database", str("d")},
                         {"host", str("h")},
                         {"password", str("p")},
                         {"isolation_level", integer(1)},
                         {"assume_role", str("r")},
                         {"server_side_binding", boolean(true)},
                         {"pool", boolean(true)}}),
                   "5.1");
  EXPECT_TRUE(a.findings.empty());
}

// docs/releases/5.1.txt: the pool option is new; before, Django passes it on to libpq.
TEST(DjangoOptions, PoolBeforeFiveOneIsCP209) {
  auto a = analyse(dict({{"pool", boolean(true)}}), "3.2");
  EXPECT_EQ(codes(a), std::vector<std::string>{"CP209"});
  EXPECT_FALSE(a.pool);
}

// `autocommit` is a psycopg 3 connect() keyword, but before 4.2 only psycopg2 is used.
TEST(DjangoOptions, AutocommitDependsOnTheDriver) {
  EXPECT_EQ(codes(analyse(dict({{"autocommit", boolean(true)}}), "3.2")),
            std::vector<std::string>{"CP209"});
  EXPECT_TRUE(analyse(dict({{"autocommit", boolean(true)}}), "4.2").findings.empty());
}

TEST(DjangoOptions, OtherBackendsAreNotLibpq) {
  EXPECT_TRUE(
      analyse(dict({{"CONN_MAX_AGE", integer(1)}}), "5.2", str("django.db.backends.sqlite3"))
          .findings.empty());
}

// domain.md §2.5: "So "pool": True = exactly 4 connections per process per alias".
TEST(DjangoOptions, PoolTrueIsFourAndFour) {
  auto a = analyse(dict({{"pool", boolean(true)}}), "5.1");
  ASSERT_TRUE(a.pool);
  EXPECT_EQ(a.pool->min_size.value, 4);
  EXPECT_EQ(a.pool->max_size.value, 4);
  EXPECT_EQ(a.pool->min_size.origin.kind, source_kind::default_value);
}

// psycopg_pool: "max_size=None → equals min_size".
TEST(DjangoOptions, PoolDictSizes) {
  auto a =
      analyse(dict({{"pool", dict({{"min_size", integer(2)}, {"max_size", integer(4)}})}}), "5.2");
  ASSERT_TRUE(a.pool);
  EXPECT_EQ(a.pool->min_size.value, 2);
  EXPECT_EQ(a.pool->max_size.value, 4);
  auto b = analyse(dict({{"pool", dict({{"min_size", integer(8)}})}}), "5.2");
  EXPECT_EQ(b.pool->max_size.value, 8);
  EXPECT_FALSE(analyse(dict({{"pool", boolean(false)}}), "5.2").pool);
}

TEST(DjangoOptions, UnknownPoolIsCP002) {
  auto a =
      analyse(dict({{"pool", unknown("env.bool('DB_POOL')", "DB_POOL is not set", at(7))}}), "5.2");
  EXPECT_EQ(codes(a), std::vector<std::string>{"CP002"});
  ASSERT_TRUE(a.pool);
  EXPECT_EQ(a.pool->min_size.status, value_status::unknown);
  auto b = analyse(
      dict({{"pool", dict({{"max_size", unknown("int(os.environ['N'])", "N is not set")}})}}),
      "5.2");
  EXPECT_EQ(codes(b), std::vector<std::string>{"CP002"});
}

}  // namespace
}  // namespace connplan::django::detail
