#include "django/unresolved.hpp"

#include <gtest/gtest.h>

#include "django/test_values.hpp"

namespace connplan::django::detail {
namespace {

using namespace testing;

TEST(DjangoUnresolved, EnvVarFromTheReader) {
  EXPECT_EQ(env_var_of(unknown("os.environ.get('DB_HOST')", "")), "DB_HOST");
  EXPECT_EQ(env_var_of(unknown("os.getenv(\"PGHOST\")", "")), "PGHOST");
  EXPECT_EQ(env_var_of(unknown("os.environ['DB_PORT']", "")), "DB_PORT");
  EXPECT_EQ(env_var_of(unknown("env.int('CONN_MAX_AGE')", "")), "CONN_MAX_AGE");
  EXPECT_EQ(env_var_of(unknown("config('DATABASE_URL', cast=db_url)", "")), "DATABASE_URL");
  EXPECT_EQ(env_var_of(unknown("compute()", "")), std::nullopt);
  value from_env = str("x");
  from_env.origin = source::env("DB_NAME");
  EXPECT_EQ(env_var_of(from_env), "DB_NAME");
}

// CONTRACTS.md §11: CP002 unresolved-value, warning; models-common.md: "at the expression, with
// the reason and what to do (--env NAME=VALUE ...)".
TEST(DjangoUnresolved, FindingSaysWhereWhyAndWhatToDo) {
  auto f = unresolved_finding("DATABASES['default']['HOST']", "DATABASES.default.HOST",
                              unknown("os.environ['DB_HOST']", "DB_HOST is not set", at(9, 17)),
                              source::default_value());
  EXPECT_EQ(f.code, "CP002");
  EXPECT_EQ(f.severity, severity::warning);
  ASSERT_TRUE(f.location);
  EXPECT_EQ(f.location->begin.line, 9u);
  EXPECT_EQ(f.location->begin.column, 17u);
  EXPECT_EQ(f.message,
            "DATABASES['default']['HOST'] cannot be resolved statically: DB_HOST is not set");
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_NE(f.notes[0].find("--env DB_HOST=VALUE"), std::string::npos);
}

}  // namespace
}  // namespace connplan::django::detail
