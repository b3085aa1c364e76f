#include <gtest/gtest.h>

#include "connplan/django.hpp"
#include "connplan/error.hpp"
#include "django/test_values.hpp"

namespace connplan::django {
namespace {

using namespace testing;

python::module_result module(std::map<std::string, value> globals,
                             std::vector<write_event> writes = {}) {
  python::module_result m;
  m.path = "settings.py";
  m.chain = {"settings.py"};
  m.globals = std::move(globals);
  m.writes = std::move(writes);
  return m;
}

settings_model build(const python::module_result& m, std::string version = "") {
  return build_model(m, model_options{std::move(version)});
}

std::vector<std::string> codes(const settings_model& m) {
  std::vector<std::string> out;
  for (const auto& f : m.findings) out.push_back(f.code);
  return out;
}

value postgres_alias(std::initializer_list<std::pair<std::string, value>> extra = {}) {
  value d = dict({{"ENGINE", str("django.db.backends.postgresql")},
                  {"NAME", str("app")},
                  {"HOST", str("db")},
                  {"USER", str("app")},
                  {"PORT", integer(5432)}});
  for (const auto& [k, v] : extra) d.dict->entries.push_back({str(k), v});
  return d;
}

// tool-behaviour.md Django 3.2 item 2: "DATABASES = {} (or no DATABASES) becomes
// {"default": dummy backend}".
TEST(DjangoModel, NoDatabasesIsTheDummyDefault) {
  for (const auto& m : {module({}), module({{"DATABASES", dict({})}})}) {
    auto s = build(m, "3.2");
    ASSERT_EQ(s.databases.size(), 1u);
    EXPECT_EQ(s.databases[0].name, "default");
    EXPECT_EQ(s.databases[0].find("ENGINE")->value, "django.db.backends.dummy");
    EXPECT_EQ(s.databases[0].find("CONN_MAX_AGE")->value, 0);
    EXPECT_TRUE(s.accepted);
  }
}

// tool-behaviour.md Django 3.2 item 1: "Only UPPER-CASE module names are settings:
// databases = {...} is ignored."
TEST(DjangoModel, LowerCaseNamesAreNotSettings) {
  auto s = build(module({{"databases", dict({{"default", postgres_alias()}})},
                         {"helper_value", integer(3)},
                         {"DEBUG", boolean(false)}}));
  EXPECT_EQ(s.databases[0].find("ENGINE")->value, "django.db.backends.dummy");
  EXPECT_EQ(s.settings.count("helper_value"), 0u);
  EXPECT_EQ(s.settings.count("databases"), 0u);
  EXPECT_EQ(s.settings.count("DEBUG"), 1u);
}

// domain.md §2.1: "Missing default alias → ImproperlyConfigured("You must define a 'default'
// database.")".
TEST(DjangoModel, MissingDefaultAliasIsRejected) {
  auto s = build(module({{"DATABASES", located(dict({{"main", postgres_alias()}}), at(4))}}));
  EXPECT_FALSE(s.accepted);
  ASSERT_EQ(codes(s), std::vector<std::string>{"CP211"});
  EXPECT_NE(s.findings[0].message.find("You must define a 'default' database."), std::string::npos);
  EXPECT_TRUE(build(module({{"DATABASES", dict({{"default", postgres_alias()}})}})).accepted);
}

// CONTRACTS.md §6 django: "PASSWORD "***" when set".
TEST(DjangoModel, PasswordIsRedacted) {
  auto s = build(
      module({{"DATABASES", dict({{"default", postgres_alias({{"PASSWORD", str("hunter2")}})}})}}));
  EXPECT_EQ(s.databases[0].find("PASSWORD")->value, "***");
  auto empty = build(module({{"DATABASES", dict({{"default", postgres_alias()}})}}));
  EXPECT_EQ(empty.databases[0].find("PASSWORD")->value, "");
}

TEST(DjangoModel, DefaultsFollowTheTargetVersion) {
  auto m = module({{"DATABASES", dict({{"default", postgres_alias()}})}});
  EXPECT_EQ(build(m, "4.0").databases[0].find("CONN_HEALTH_CHECKS"), nullptr);
  EXPECT_EQ(build(m, "4.1").databases[0].find("CONN_HEALTH_CHECKS")->value, false);
  EXPECT_EQ(build(m, "5.2").version, "5.2");
  EXPECT_EQ(build(m).version, "5.2");
  EXPECT_THROW((void)build(m, "2.2"), error);
}

// Issue 3: "CP002 for unknown DATABASES values that matter ... at the expression, with the env var
// to set".
TEST(DjangoModel, UnknownValuesThatMatterAreCP002) {
  auto s = build(module(
      {{"DATABASES", dict({{"default", postgres_alias({{"HOST", unknown("os.environ['DB_HOST']",
                                                                        "DB_HOST is not set",
                                                                        at(7, 17))}})}})}}));
  ASSERT_EQ(codes(s), std::vector<std::string>{"CP002"});
  EXPECT_EQ(s.findings[0].location->begin.line, 7u);
  EXPECT_EQ(s.findings[0].identity, "DATABASES.default.HOST");
  EXPECT_EQ(s.databases[0].find("HOST")->status, value_status::unknown);
}

TEST(DjangoModel, UnknownValuesThatDoNotMatterAreQuiet) {
  auto s = build(module(
      {{"DATABASES", dict({{"default", postgres_alias({{"TIME_ZONE", unknown("tz()", "call")},
                                                       {"PASSWORD", unknown("pw()", "call")}})}})},
       {"SECRET_KEY", unknown("os.environ['SECRET_KEY']", "not set")}}));
  EXPECT_TRUE(s.findings.empty());
}

// The same expression feeding two aliases is reported once.
TEST(DjangoModel, CP002OncePerValue) {
  value url = unknown("env.db('DATABASE_URL')", "DATABASE_URL is not set", at(3, 30));
  auto s = build(module({{"DATABASES", dict({{"default", url}, {"replica", url}})}}));
  EXPECT_EQ(codes(s), std::vector<std::string>{"CP002"});
  EXPECT_EQ(s.databases.size(), 2u);
  EXPECT_EQ(s.databases[0].definition.status, value_status::unknown);
}

TEST(DjangoModel, UnknownDatabasesIsCP002) {
  auto s = build(module({{"DATABASES", unknown("setup_database()", "call not modelled", at(9))}}));
  EXPECT_EQ(codes(s), std::vector<std::string>{"CP002"});
  EXPECT_TRUE(s.databases.empty());
}

// tool-behaviour.md Django 3.2 item 3: CONN_MAX_AGE = "60" → TypeError on connect.
TEST(DjangoModel, StringConnMaxAgeIsCP210) {
  auto s = build(module(
      {{"DATABASES",
        dict({{"default", postgres_alias({{"CONN_MAX_AGE", located(str("60"), at(5))}})}})}}));
  EXPECT_EQ(codes(s), std::vector<std::string>{"CP210"});
  EXPECT_EQ(s.databases[0].find("CONN_MAX_AGE")->value, "60");
  EXPECT_TRUE(build(module({{"DATABASES",
                             dict({{"default", postgres_alias({{"CONN_MAX_AGE", none()}})}})}}))
                  .findings.empty());
}

TEST(DjangoModel, OptionsAreAnalysed) {
  auto s = build(
      module({{"DATABASES",
               dict({{"default",
                      postgres_alias({{"OPTIONS", dict({{"pool", boolean(true)},
                                                        {"options", str("-c statement_timeout=5s")},
                                                        {"CONN_MAX_AGE", integer(60)}})}})}})}}),
      "5.1");
  EXPECT_EQ(codes(s), std::vector<std::string>{"CP209"});
  ASSERT_TRUE(s.databases[0].pool);
  EXPECT_EQ(s.databases[0].pool->max_size.value, 4);
  ASSERT_EQ(s.databases[0].startup_options.size(), 1u);
  EXPECT_EQ(s.databases[0].startup_options[0].name, "statement_timeout");
  EXPECT_EQ(s.databases[0].find("OPTIONS")->value["pool"], true);
}

// Branches: `if DB_URL: DATABASES = {...600} else: DATABASES = {...}` — every alias of every
// branch, per key the alternatives, the worst case as the value.
TEST(DjangoModel, AlternativeDatabasesMerge) {
  auto s = build(module(
      {{"DATABASES",
        alternatives({dict({{"default", postgres_alias({{"CONN_MAX_AGE", integer(600)}})}}),
                      dict({{"default", dict({{"ENGINE", str("django.db.backends.sqlite3")}})},
                            {"replica", postgres_alias()}})})}}));
  ASSERT_EQ(s.databases.size(), 2u);
  const auto* cma = s.alias("default")->find("CONN_MAX_AGE");
  EXPECT_EQ(cma->status, value_status::alternatives);
  EXPECT_EQ(cma->value, 600);
  EXPECT_EQ(s.alias("default")->find("ENGINE")->value, "django.db.backends.postgresql");
  EXPECT_NE(s.alias("replica"), nullptr);
}

TEST(DjangoModel, RoutersAppsAndChain) {
  auto s = build(module(
      {{"DATABASE_ROUTERS", list({str("app.routers.Primary")})},
       {"INSTALLED_APPS", list({str("django.contrib.admin"),
                                str("django_celery_beat.apps.BeatConfig"), str("channels")})}}));
  EXPECT_EQ(s.routers.value, nlohmann::json::array({"app.routers.Primary"}));
  EXPECT_EQ(s.installed_apps.at("channels").value, true);
  EXPECT_EQ(s.installed_apps.at("django_celery_beat").value, true);
  EXPECT_EQ(s.installed_apps.at("django_celery_results").value, false);
  EXPECT_EQ(s.settings_chain, std::vector<std::string>{"settings.py"});
  auto none_set = build(module({}));
  EXPECT_EQ(none_set.routers.value, nlohmann::json::array());
  EXPECT_EQ(none_set.routers.origin.kind, source_kind::default_value);
}

TEST(DjangoModel, UnparsableChainIsNotAccepted) {
  auto m = module({});
  m.complete = false;
  m.findings.push_back(make_finding("CP001", "invalid syntax", at(2)));
  auto s = build(m);
  EXPECT_FALSE(s.accepted);
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(codes(s), std::vector<std::string>{"CP001"});
}

TEST(DjangoModel, HistoryIsAttachedPerAlias) {
  value cma = located(integer(600), at(3, 40));
  value d = dict({{"default", dict({{"CONN_MAX_AGE", cma}})}});
  auto s = build(
      module({{"DATABASES", d}}, {write("DATABASES['default']['CONN_MAX_AGE']", cma, at(3, 40))}));
  ASSERT_EQ(s.databases[0].conn_max_age_history.size(), 1u);
  EXPECT_TRUE(s.databases[0].conn_max_age_history[0].effective);
}

}  // namespace
}  // namespace connplan::django
