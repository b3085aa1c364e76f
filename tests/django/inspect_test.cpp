// The model on real evaluations: the repository's fixtures (fixtures/django/) and the shared
// corpus (read in place), and the dump the differential test (tests/oracle/django_oracle.py)
// compares with Django 3.2.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "connplan/django.hpp"
#include "connplan/json_io.hpp"

namespace connplan::django {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path fixtures = fs::path(CONNPLAN_SOURCE_DIR) / "fixtures" / "django";

inspect_options options_for(const fs::path& python_root, std::string version = "") {
  inspect_options o;
  o.root.dir = fs::path(CONNPLAN_SOURCE_DIR);
  o.python_path = {python_root};
  o.django_version = std::move(version);
  return o;
}

settings_model fixture(const std::string& rel, std::string version = "",
                       std::map<std::string, std::string> env = {}) {
  auto o = options_for(fixtures, std::move(version));
  o.env = std::move(env);
  return load(fixtures / rel, o);
}

std::vector<std::string> codes(const settings_model& m) {
  std::vector<std::string> out;
  for (const auto& f : m.findings) out.push_back(f.code);
  return out;
}

// domain.md §8 item 14 (the founding incident): base.py sets 600, production.py 0 after
// `from .base import *`, local.py 60; the effective value is local.py's.
TEST(DjangoInspect, IncidentSplitHistory) {
  auto m = fixture("incident_split/local.py");
  // Python also runs the package's __init__.py; the three settings files follow their imports.
  std::vector<std::string> chain;
  for (const auto& p : m.settings_chain) {
    if (p.find("__init__") == std::string::npos) chain.push_back(p);
  }
  EXPECT_EQ(chain, (std::vector<std::string>{"fixtures/django/incident_split/local.py",
                                             "fixtures/django/incident_split/production.py",
                                             "fixtures/django/incident_split/base.py"}));
  const auto* a = m.alias("default");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->find("CONN_MAX_AGE")->value, 60);
  ASSERT_EQ(a->conn_max_age_history.size(), 3u);
  const auto& h = a->conn_max_age_history;
  EXPECT_EQ(h[0].value.value, 600);
  EXPECT_EQ(h[0].value.origin.location.file, "fixtures/django/incident_split/base.py");
  EXPECT_EQ(h[0].value.origin.location.begin.line, 21u);
  EXPECT_EQ(h[1].value.value, 0);
  EXPECT_EQ(h[1].value.origin.location.file, "fixtures/django/incident_split/production.py");
  EXPECT_EQ(h[1].value.origin.location.begin.line, 5u);
  EXPECT_EQ(h[2].value.value, 60);
  EXPECT_EQ(h[2].value.origin.location.file, "fixtures/django/incident_split/local.py");
  EXPECT_EQ((std::vector<bool>{h[0].effective, h[1].effective, h[2].effective}),
            (std::vector<bool>{false, false, true}));
  EXPECT_EQ(a->find("PASSWORD")->value, "***");
  EXPECT_EQ(a->find("DISABLE_SERVER_SIDE_CURSORS")->value, true);
  EXPECT_EQ(m.installed_apps.at("django_celery_beat").value, true);
  EXPECT_TRUE(m.findings.empty()) << to_json(m.findings.front()).dump();
}

TEST(DjangoInspect, ProductionAloneEndsAtZero) {
  auto m = fixture("incident_split/production.py");
  const auto& h = m.alias("default")->conn_max_age_history;
  ASSERT_EQ(h.size(), 2u);
  EXPECT_TRUE(h[1].effective);
  EXPECT_EQ(m.alias("default")->find("CONN_MAX_AGE")->value, 0);
}

// A helper that rebinds DATABASES through `global` and returns it, called as
// `DATABASES = configure_databases()`: Python runs the helper's store, then the module's store of
// the same dict, so one value reaches Django per run and nothing overrides it. The history used to
// be [30 at the call, a "reset" at the alias dict, 30 at the literal] (CP201 on a real settings
// file of this shape).
TEST(DjangoInspect, GlobalStoreInAFunctionThenItsReturnIsOneAssignment) {
  for (const auto& [env, expected, line] :
       {std::tuple<std::map<std::string, std::string>, int, unsigned>{{}, 30, 28u},
        {{{"APP_DB_URL", "postgres://db/shop"}}, 300, 19u}}) {
    auto m = fixture("global_in_function/settings.py", "", env);
    const auto* a = m.alias("default");
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->find("CONN_MAX_AGE")->value, expected);
    const auto& h = a->conn_max_age_history;
    std::string seen;
    for (const auto& w : h) seen += w.how + " " + w.value.value.dump() + "; ";
    ASSERT_EQ(h.size(), 1u) << seen;
    EXPECT_EQ(h[0].value.value, expected);
    EXPECT_EQ(h[0].how, "dict");
    EXPECT_EQ(h[0].value.origin.location.file, "fixtures/django/global_in_function/settings.py");
    EXPECT_EQ(h[0].value.origin.location.begin.line, line);
    EXPECT_TRUE(h[0].effective);
    EXPECT_FALSE(h[0].conditional);
  }
}

// The same shape with the branch on an unset variable without a default: the helper's two stores
// are alternatives, and binding the joined result again adds no entry (it used to add one whose
// value was the whole DATABASES dict).
TEST(DjangoInspect, GlobalStoreInUnknownBranchesThenItsReturnAddsNothing) {
  auto m = fixture("global_in_function/unknown_branch.py");
  const auto& h = m.alias("default")->conn_max_age_history;
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].value.value, 300);
  EXPECT_EQ(h[1].value.value, 30);
  EXPECT_TRUE(h[0].conditional);
  EXPECT_TRUE(h[1].conditional);
}

// --env resolves values (CONTRACTS.md §8 precedence: --env over the default in the code).
TEST(DjangoInspect, EnvironmentValuesAreUsed) {
  auto m =
      fixture("env_defaults/settings.py", "", {{"DB_HOST", "db.prod"}, {"DB_CONN_MAX_AGE", "30"}});
  EXPECT_EQ(m.alias("default")->find("HOST")->value, "db.prod");
  EXPECT_EQ(m.alias("default")->find("CONN_MAX_AGE")->value, 30);
  auto d = fixture("env_defaults/settings.py");
  EXPECT_EQ(d.alias("default")->find("HOST")->value, "localhost");
  EXPECT_EQ(d.alias("default")->find("CONN_MAX_AGE")->value, 300);
  EXPECT_EQ(d.alias("default")->find("PORT")->value, "5432");
}

TEST(DjangoInspect, OptionsKeyFixtureFiresCP209) {
  EXPECT_EQ(codes(fixture("options_key/settings.py")), std::vector<std::string>{"CP209"});
  EXPECT_TRUE(fixture("plain/settings.py").findings.empty());
}

TEST(DjangoInspect, StringConnMaxAgeFixtureFiresCP210) {
  auto m = fixture("string_conn_max_age/settings.py");
  EXPECT_EQ(codes(m), std::vector<std::string>{"CP210"});
  EXPECT_EQ(m.findings[0].location->begin.line, 8u);
  EXPECT_TRUE(codes(fixture("string_conn_max_age/settings.py", "", {{"CONN_MAX_AGE", "1"}})) ==
              std::vector<std::string>{"CP210"});
}

TEST(DjangoInspect, NoDefaultAliasIsNotAccepted) {
  auto m = fixture("no_default/settings.py");
  EXPECT_FALSE(m.accepted);
  EXPECT_EQ(codes(m), std::vector<std::string>{"CP211"});
}

TEST(DjangoInspect, EmptyAndLowerCaseAreTheDummyBackend) {
  for (auto rel : {"empty_databases/settings.py", "lowercase_names/settings.py"}) {
    auto m = fixture(rel);
    ASSERT_EQ(m.databases.size(), 1u) << rel;
    EXPECT_EQ(m.databases[0].find("ENGINE")->value, "django.db.backends.dummy") << rel;
  }
  EXPECT_EQ(fixture("lowercase_names/settings.py").settings.count("Debug"), 0u);
}

// domain.md §2.7: "dj-database-url ... Always writes CONN_MAX_AGE"; django-environ leaves it out.
TEST(DjangoInspect, UrlHelpers) {
  auto m = fixture("url_helpers/settings.py");
  EXPECT_EQ(m.alias("default")->find("CONN_MAX_AGE")->value, 600);
  EXPECT_EQ(m.alias("default")->find("PASSWORD")->value, "***");
  EXPECT_EQ(m.alias("default")->find("ATOMIC_REQUESTS")->value, true);
  EXPECT_EQ(m.alias("reporting")->find("CONN_MAX_AGE")->value, 0);
  EXPECT_EQ(m.alias("reporting")->find("CONN_MAX_AGE")->origin.kind, source_kind::default_value);
  EXPECT_EQ(m.alias("reporting")->find("PORT")->value, 5433);
}

TEST(DjangoInspect, NativePoolFollowsTheVersion) {
  auto new_django = fixture("native_pool/settings.py", "5.1");
  ASSERT_TRUE(new_django.alias("default")->pool);
  EXPECT_EQ(new_django.alias("default")->pool->min_size.value, 2);
  EXPECT_EQ(new_django.alias("default")->pool->max_size.value, 8);
  EXPECT_TRUE(new_django.findings.empty());
  auto old_django = fixture("native_pool/settings.py", "3.2");
  EXPECT_FALSE(old_django.alias("default")->pool);
  EXPECT_EQ(codes(old_django), std::vector<std::string>{"CP209"});
}

TEST(DjangoInspect, BranchesGiveAlternatives) {
  auto m = fixture("branches/settings.py");
  const auto* cma = m.alias("default")->find("CONN_MAX_AGE");
  EXPECT_EQ(cma->status, value_status::alternatives);
  EXPECT_TRUE(cma->value.is_null());  // None, the worst case
  EXPECT_EQ(m.alias("default")->find("ENGINE")->value, "django.db.backends.postgresql");
  auto told = fixture("branches/settings.py", "", {{"USE_SQLITE", ""}, {"FOREVER", ""}});
  EXPECT_EQ(told.alias("default")->find("CONN_MAX_AGE")->value, 120);
}

TEST(DjangoInspect, DocumentIsJson) {
  auto file = inspect(fixtures / "plain/settings.py", options_for(fixtures, "4.2"));
  json j = to_json(file);
  EXPECT_EQ(j["kind"], "django");
  EXPECT_EQ(j["databases"]["replica"]["CONN_MAX_AGE"]["value"], nullptr);
  EXPECT_EQ(j["databases"]["default"]["PASSWORD"]["value"], "***");
  EXPECT_EQ(j["database_extras"]["default"]["startup_options"].size(), 2u);
  EXPECT_EQ(j["settings"]["DATABASE_ROUTERS"]["value"][0], "app.routers.ReplicaRouter");
  EXPECT_EQ(j.dump().find("s3cret"), std::string::npos);
}

// Every file of the shared corpus is inspected without an exception, and no password leaks.
TEST(DjangoInspect, CorpusFilesInspect) {
  const fs::path corpus = fs::path(CONNPLAN_SHARED_DIR) / "corpus" / "django";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() != ".py") continue;
    ++files;
    inspect_options o;
    o.root.dir = corpus;
    o.python_path = {corpus};
    json j;
    ASSERT_NO_THROW(j = to_json(inspect(entry.path(), o))) << entry.path();
    for (const auto& [alias, keys] : j["databases"].items()) {
      const auto& pw = keys["PASSWORD"];
      if (pw["status"] == "known" && pw["value"].is_string() && pw["value"] != "") {
        EXPECT_EQ(pw["value"], "***") << entry.path();
      }
    }
  }
  EXPECT_EQ(files, 23);
}

// The dump the oracle compares: CONNPLAN_DJANGO_DUMP names a JSON manifest
// [{"file", "version", "root", "python_path", "env", "out"}]; each inspect document is written
// to "out".
TEST(DjangoInspect, OracleDump) {
  const char* manifest_path = std::getenv("CONNPLAN_DJANGO_DUMP");
  if (!manifest_path) GTEST_SKIP() << "CONNPLAN_DJANGO_DUMP not set";
  std::ifstream in(manifest_path);
  auto manifest = json::parse(in);
  for (const auto& c : manifest) {
    inspect_options o;
    o.root.dir = c["root"].get<std::string>();
    o.python_path = {fs::path(c["python_path"].get<std::string>())};
    o.django_version = c["version"].get<std::string>();
    for (const auto& [k, v] : c["env"].items()) o.env[k] = v.get<std::string>();
    json doc;
    try {
      doc = to_json(inspect(c["file"].get<std::string>(), o));
    } catch (const std::exception& e) {
      doc = {{"error", e.what()}};
    }
    std::ofstream(c["out"].get<std::string>()) << doc.dump(1);
  }
}

}  // namespace
}  // namespace connplan::django
