#include "launchfiles/postgres_overrides.hpp"

#include <gtest/gtest.h>

namespace connplan::launchfiles {
namespace {

postgres_command parse(std::string_view text) {
  return parse_postgres_command(text, {"compose.yml", {3, 14}, {3, 14}});
}

TEST(PostgresOverrides, DashCAndLetters) {
  auto c =
      parse("postgres -c 'max_connections=1000' -cshared-buffers=1GB -N 300 -B 128 --work-mem=4MB");
  ASSERT_TRUE(c.is_postgres);
  ASSERT_EQ(c.overrides.size(), 5u);
  EXPECT_EQ(c.overrides[0].name, "max_connections");
  EXPECT_EQ(c.overrides[0].value, "1000");
  EXPECT_EQ(c.overrides[1].name, "shared_buffers");
  EXPECT_EQ(c.overrides[2].name, "max_connections");
  EXPECT_EQ(c.overrides[2].value, "300");
  EXPECT_EQ(c.overrides[3].name, "shared_buffers");
  EXPECT_EQ(c.overrides[4].name, "work_mem");
  EXPECT_EQ(c.overrides[0].where.begin.line, 3u);
  EXPECT_TRUE(c.problems.empty());
}

// postmaster.c: "-c %s requires a value" when the option has no "=value".
TEST(PostgresOverrides, DashCWithoutValueIsRefused) {
  auto c = parse("postgres -c max_connections 500");
  EXPECT_TRUE(c.overrides.empty());
  ASSERT_EQ(c.problems.size(), 1u);
}

// docker-library/postgres: arguments starting with "-" are given to postgres.
TEST(PostgresOverrides, ImageEntrypointArguments) {
  auto c = parse("-c max_connections=50");
  ASSERT_TRUE(c.is_postgres);
  EXPECT_EQ(c.overrides.at(0).value, "50");
  EXPECT_FALSE(parse("gunicorn -c conf.py app").is_postgres);
  EXPECT_TRUE(parse("docker-entrypoint.sh /usr/lib/postgresql/15/bin/postgres -i").is_postgres);
}

}  // namespace
}  // namespace connplan::launchfiles
