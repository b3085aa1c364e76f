#include "django/defaults.hpp"

#include <gtest/gtest.h>

#include "django/test_values.hpp"

namespace connplan::django::detail {
namespace {

using namespace testing;

const value* find(const members& m, std::string_view key) {
  for (const auto& [k, v] : m) {
    if (k == key) return &v;
  }
  return nullptr;
}

// tool-behaviour.md Django 3.2 item 2: "ATOMIC_REQUESTS False, AUTOCOMMIT True, CONN_MAX_AGE 0,
// OPTIONS {}, TIME_ZONE None, NAME/USER/PASSWORD/HOST/PORT "", and a TEST dict".
TEST(DjangoDefaults, ThreeTwoFillsEnsureDefaults) {
  members m =
      with_defaults({{"ENGINE", str("django.db.backends.postgresql")}}, parse_version("3.2"));
  EXPECT_EQ(find(m, "ATOMIC_REQUESTS")->boolean, false);
  EXPECT_EQ(find(m, "AUTOCOMMIT")->boolean, true);
  EXPECT_EQ(find(m, "CONN_MAX_AGE")->integer, 0);
  EXPECT_EQ(find(m, "OPTIONS")->kind, value_kind::dict);
  EXPECT_EQ(find(m, "TIME_ZONE")->kind, value_kind::none);
  for (auto key : {"NAME", "USER", "PASSWORD", "HOST", "PORT"}) {
    ASSERT_NE(find(m, key), nullptr) << key;
    EXPECT_EQ(find(m, key)->text, "") << key;
  }
  EXPECT_EQ(find(m, "ENGINE")->text, "django.db.backends.postgresql");
  const value* test = find(m, "TEST");
  ASSERT_NE(test, nullptr);
  EXPECT_EQ(test->dict->entries.size(), 5u);  // CHARSET COLLATION MIGRATE MIRROR NAME
}

// tool-behaviour.md Django 3.2 item 4: "CONN_HEALTH_CHECKS does not exist before Django 4.1: in 3.2
// it is kept in the dict and ignored. DISABLE_SERVER_SIDE_CURSORS has no default".
TEST(DjangoDefaults, HealthChecksOnlyFromFourOne) {
  EXPECT_EQ(find(with_defaults({}, parse_version("4.0")), "CONN_HEALTH_CHECKS"), nullptr);
  // The dicts are kept alive: find() returns a pointer into them.
  const auto from_41 = with_defaults({}, parse_version("4.1"));
  const value* hc = find(from_41, "CONN_HEALTH_CHECKS");
  ASSERT_NE(hc, nullptr);
  EXPECT_FALSE(hc->boolean);
  const auto from_32 = with_defaults({{"CONN_HEALTH_CHECKS", boolean(true)}}, parse_version("3.2"));
  const value* kept = find(from_32, "CONN_HEALTH_CHECKS");
  ASSERT_NE(kept, nullptr);
  EXPECT_TRUE(kept->boolean);
  EXPECT_EQ(find(with_defaults({}, parse_version("5.2")), "DISABLE_SERVER_SIDE_CURSORS"), nullptr);
}

// django/db/utils.py: "if conn['ENGINE'] == 'django.db.backends.' or not conn['ENGINE']:
// conn['ENGINE'] = 'django.db.backends.dummy'".
TEST(DjangoDefaults, EmptyEngineIsDummy) {
  for (const value& engine : {str(""), str("django.db.backends."), none()}) {
    members m = with_defaults({{"ENGINE", engine}}, parse_version("3.2"));
    EXPECT_EQ(find(m, "ENGINE")->text, "django.db.backends.dummy");
  }
  EXPECT_EQ(find(with_defaults({}, parse_version("5.2")), "ENGINE")->text,
            "django.db.backends.dummy");
}

TEST(DjangoDefaults, ExistingValuesAndTestKeysWin) {
  members m = with_defaults({{"CONN_MAX_AGE", none()}, {"TEST", dict({{"NAME", str("t")}})}},
                            parse_version("4.2"));
  EXPECT_EQ(find(m, "CONN_MAX_AGE")->kind, value_kind::none);
  const value* test = find(m, "TEST");
  ASSERT_EQ(test->kind, value_kind::dict);
  EXPECT_EQ(test->dict->entries.front().val.text, "t");
  EXPECT_EQ(test->dict->entries.size(), 5u);
}

}  // namespace
}  // namespace connplan::django::detail
