#include "django/values.hpp"

#include <gtest/gtest.h>

#include "django/test_values.hpp"

namespace connplan::django::detail {
namespace {

using namespace testing;
using nlohmann::json;

// CONTRACTS.md §9: "the value of any key or name matching PASS|SECRET|TOKEN|KEY|CREDENTIAL
// (case-insensitive) become ***".
TEST(DjangoValues, SecretKeysAreRedacted) {
  EXPECT_EQ(json_of(str("hunter2"), "PASSWORD"), "***");
  EXPECT_EQ(json_of(integer(1234), "PASSWORD"), "***");
  EXPECT_EQ(json_of(str(""), "PASSWORD"), "");  // not set: nothing to hide
  EXPECT_EQ(json_of(str("db"), "NAME"), "db");
  json nested = json_of(dict({{"password", str("x")}, {"sslmode", str("require")}}), "OPTIONS");
  EXPECT_EQ(nested["password"], "***");
  EXPECT_EQ(nested["sslmode"], "require");
}

// CONTRACTS.md §9: "the password in URL userinfo ... become ***".
TEST(DjangoValues, UrlPasswordsAreRedacted) {
  EXPECT_EQ(json_of(str("postgres://u:pw@h/db"), "BROKER"), "postgres://u:***@h/db");
}

TEST(DjangoValues, ShownExpressionMasksSecretDefaults) {
  EXPECT_EQ(shown_expr("env(\"DB_PASSWORD\", default=\"s3cret\")", "PASSWORD"),
            "env(\"DB_PASSWORD\", default=\"***\")");
  EXPECT_EQ(shown_expr("env(\"DB_HOST\", default=\"db\")", "HOST"),
            "env(\"DB_HOST\", default=\"db\")");
}

// docs/ref/settings.txt CONN_MAX_AGE: "None for unlimited persistent connections".
TEST(DjangoValues, WorstConnMaxAgeIsNoneThenLargest) {
  EXPECT_EQ(worst_index("CONN_MAX_AGE", {integer(60), none(), integer(600)}), 1u);
  EXPECT_EQ(worst_index("CONN_MAX_AGE", {integer(60), integer(600), integer(0)}), 1u);
}

// docs/ref/databases.txt: "Using a connection pooler in transaction pooling mode (e.g. PgBouncer)
// requires disabling server-side cursors for that connection."
TEST(DjangoValues, WorstServerSideCursorSettingIsEnabledCursors) {
  EXPECT_EQ(worst_index("DISABLE_SERVER_SIDE_CURSORS", {boolean(true), boolean(false)}), 1u);
}

TEST(DjangoValues, WorstEngineIsPostgres) {
  EXPECT_EQ(worst_index("ENGINE",
                        {str("django.db.backends.sqlite3"), str("django.db.backends.postgresql")}),
            1u);
}

TEST(DjangoValues, AlternativeDictsMergeKeyByKey) {
  value v = alternatives(
      {dict({{"CONN_MAX_AGE", integer(600)}, {"HOST", str("a")}}), dict({{"HOST", str("a")}})});
  auto m = as_members(v);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].first, "CONN_MAX_AGE");
  EXPECT_EQ((*m)[0].second.kind, value_kind::integer);  // only one branch has it
  EXPECT_EQ((*m)[1].second.kind, value_kind::string);   // both agree
  auto zero = [](std::string_view key) -> const value* {
    static const value z = integer(0);
    return key == "CONN_MAX_AGE" ? &z : nullptr;
  };
  auto with_default = as_members(v, zero);
  ASSERT_TRUE(with_default);
  EXPECT_EQ((*with_default)[0].second.kind, value_kind::alternatives);
  EXPECT_EQ((*with_default)[0].second.alternatives.size(), 2u);
}

TEST(DjangoValues, EntriesKeepStatusAndSource) {
  auto e = to_entry(located(integer(60), at(3, 5)), "CONN_MAX_AGE", source::default_value());
  EXPECT_EQ(e.status, value_status::known);
  EXPECT_EQ(e.value, 60);
  EXPECT_EQ(e.origin.location.begin.line, 3u);
  auto u = to_entry(unknown("os.environ['DB_HOST']", "DB_HOST is not set"), "HOST",
                    source::default_value());
  EXPECT_EQ(u.status, value_status::unknown);
  EXPECT_EQ(u.expr, "os.environ['DB_HOST']");
  auto a = to_entry(alternatives({integer(60), none()}), "CONN_MAX_AGE", source::default_value());
  EXPECT_EQ(a.status, value_status::alternatives);
  EXPECT_TRUE(a.value.is_null());  // None: the worst case
  EXPECT_EQ(a.alternatives.size(), 2u);
}

}  // namespace
}  // namespace connplan::django::detail
