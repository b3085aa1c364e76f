#include "django/conn_max_age_type.hpp"

#include <gtest/gtest.h>

#include "django/test_values.hpp"

namespace connplan::django::detail {
namespace {

using namespace testing;

std::optional<finding> check(const value& v) {
  return check_conn_max_age_type("default", v, source::from_file(at(20)));
}

// tool-behaviour.md Django 3.2 item 3: "CONN_MAX_AGE = "60" is kept as a string and only fails
// with TypeError: unsupported operand type(s) for +: 'float' and 'str' when a connection is
// opened. CONN_MAX_AGE = None means unlimited."
TEST(DjangoConnMaxAgeType, StringIsCP210) {
  auto f = check(located(str("60"), at(4, 25)));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, "CP210");
  EXPECT_EQ(f->severity, severity::error);
  EXPECT_EQ(f->location->begin.line, 4u);
  EXPECT_NE(f->message.find("'float' and 'str'"), std::string::npos);
  EXPECT_EQ(f->identity, "DATABASES.default.CONN_MAX_AGE");
}

TEST(DjangoConnMaxAgeType, NumbersAndNoneAreFine) {
  for (const value& v : {integer(60), integer(0), none(), floating(1.5), boolean(true)}) {
    EXPECT_FALSE(check(v));
  }
}

TEST(DjangoConnMaxAgeType, StringInOneBranchIsCP210) {
  EXPECT_TRUE(check(alternatives({integer(60), str("60")})));
  EXPECT_FALSE(check(alternatives({integer(60), none()})));
}

// domain.md §8 item 17: "CONN_MAX_AGE from an env var without int() → TypeError on connect".
TEST(DjangoConnMaxAgeType, UnconvertedEnvironmentReadIsCP210) {
  auto f = check(unknown("os.environ.get('CONN_MAX_AGE')", "CONN_MAX_AGE is not set"));
  ASSERT_TRUE(f);
  EXPECT_NE(f->message.find("whenever CONN_MAX_AGE is set"), std::string::npos);
  EXPECT_FALSE(check(unknown("int(os.environ.get('CONN_MAX_AGE'))", "CONN_MAX_AGE is not set")));
  EXPECT_FALSE(check(unknown("env('CONN_MAX_AGE', cast=int)", "CONN_MAX_AGE is not set")));
}

}  // namespace
}  // namespace connplan::django::detail
