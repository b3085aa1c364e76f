#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "connplan/celery.hpp"
#include "connplan/error.hpp"
#include "connplan/json_io.hpp"

namespace connplan::celery {
namespace {

namespace fs = std::filesystem;

const fs::path fixtures = fs::path(CONNPLAN_SOURCE_DIR) / "fixtures" / "celery";

inspect_options options_for(const fs::path& root, std::map<std::string, std::string> env = {}) {
  inspect_options o;
  o.root.dir = root;
  o.celery_version = "5.2";
  o.env = std::move(env);
  return o;
}

std::vector<std::string> codes(const model& m) {
  std::vector<std::string> out;
  for (const auto& f : m.diagnostics) out.push_back(f.code);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CeleryLoad, NewNamesConfigModule) {
  auto m = load(fixtures / "new_names" / "celeryconfig.py", options_for(fixtures / "new_names"));
  EXPECT_EQ(m.kind, source_kind::config_module);
  EXPECT_TRUE(m.accepted);
  EXPECT_EQ(m.worker_concurrency.value, 8);
  EXPECT_EQ(m.worker_concurrency.origin.location.begin.line, 5u);
  EXPECT_TRUE(m.broker_pool_limit.value.is_null());
  EXPECT_EQ(m.broker_pool_limit.origin.kind, connplan::source_kind::file);
  // CONTRACTS §9: "the password in URL userinfo ... become `***`"
  EXPECT_EQ(m.result_backend.value, "db+postgresql://celery:***@db/results");
  EXPECT_EQ(m.database_engine_options.value["pool_size"], 2);
  EXPECT_EQ(m.worker_pool.value, "prefork");
  EXPECT_EQ(m.worker_pool.origin.kind, connplan::source_kind::default_value);
  EXPECT_TRUE(m.settings.contains("task_acks_late"));    // set by the file
  EXPECT_FALSE(m.settings.contains("task_serializer"));  // a default nobody set
  EXPECT_FALSE(m.namespace_name);
  EXPECT_TRUE(codes(m).empty());
}

TEST(CeleryLoad, OldNamesConfigModule) {
  auto m = load(fixtures / "old_names" / "celeryconfig.py", options_for(fixtures / "old_names"));
  EXPECT_TRUE(m.accepted);
  EXPECT_EQ(m.worker_concurrency.value, 4);
  EXPECT_EQ(m.broker_pool_limit.value, 1);
  EXPECT_EQ(m.beat_scheduler.value, "django_celery_beat.schedulers:DatabaseScheduler");
  EXPECT_EQ(m.old_names.size(), 7u);
  for (const auto& o : m.old_names) EXPECT_TRUE(o.used) << o.name;
}

TEST(CeleryLoad, MixedStylesRefused) {
  auto m =
      load(fixtures / "mixed_styles" / "celeryconfig.py", options_for(fixtures / "mixed_styles"));
  EXPECT_FALSE(m.accepted);
  EXPECT_EQ(codes(m), std::vector<std::string>{"CP402"});
  auto c = load(fixtures / "mixed_with_counterpart" / "celeryconfig.py",
                options_for(fixtures / "mixed_with_counterpart"));
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(c.worker_concurrency.value, 2);
}

TEST(CeleryLoad, TyposAreReported) {
  auto m = load(fixtures / "typos" / "celeryconfig.py", options_for(fixtures / "typos"));
  EXPECT_EQ(codes(m), (std::vector<std::string>{"CP401", "CP401"}));
  EXPECT_EQ(m.broker_url.value, "redis://localhost:6379/0");
}

TEST(CeleryLoad, EnvironmentValues) {
  auto root = fixtures / "env_values";
  auto m = load(root / "celeryconfig.py", options_for(root, {{"CELERY_WORKERS", "6"}}));
  EXPECT_EQ(m.worker_concurrency.value, 6);
  auto d = load(root / "celeryconfig.py", options_for(root));
  EXPECT_EQ(d.worker_concurrency.value, 2);  // the default written in the code
}

TEST(CeleryLoad, EnvironmentOverridesTheFile) {
  // tool-behaviour.md Celery 5.2.6 item 3
  auto root = fixtures / "env_override";
  auto m = load(root / "celeryconfig.py",
                options_for(root, {{"CELERY_BROKER_URL", "redis://u:pw@h/3"}}));
  EXPECT_EQ(m.broker_url.value, "redis://u:***@h/3");
  EXPECT_EQ(m.broker_url.origin, connplan::source::env("CELERY_BROKER_URL"));
  EXPECT_EQ(m.result_backend.value, "redis://file-backend/0");
}

TEST(CeleryLoad, UnsetEnvironmentIsCp002) {
  fs::path dir = fs::temp_directory_path() / "connplan-celery-cp002";
  fs::create_directories(dir);
  std::ofstream(dir / "celeryconfig.py")
      << "import os\nworker_concurrency = int(os.environ[\"WORKERS\"])\nworker_pool = 'solo'\n";
  auto m = load(dir / "celeryconfig.py", options_for(dir));
  EXPECT_EQ(m.worker_concurrency.status, value_status::unknown);
  EXPECT_EQ(codes(m), std::vector<std::string>{"CP002"});
  auto k = load(dir / "celeryconfig.py", options_for(dir, {{"WORKERS", "3"}}));
  EXPECT_EQ(k.worker_concurrency.value, 3);
  EXPECT_TRUE(codes(k).empty());
  fs::remove_all(dir);
}

TEST(CeleryLoad, ConditionalGivesWorstCase) {
  auto m =
      load(fixtures / "conditional" / "celeryconfig.py", options_for(fixtures / "conditional"));
  EXPECT_EQ(m.worker_concurrency.status, value_status::alternatives);
  EXPECT_EQ(m.worker_concurrency.value, 32);
  EXPECT_EQ(m.worker_pool.value, "threads");
}

TEST(CeleryLoad, DjangoProjectAppModule) {
  auto root = fixtures / "django_project";
  auto m = load(root / "proj" / "celery.py", options_for(root));
  EXPECT_EQ(m.kind, source_kind::app_module);
  EXPECT_EQ(m.app_name.value, "proj");
  EXPECT_EQ(m.namespace_name, "CELERY");
  // The namespaced Django setting is looked up before conf.update's bare name.
  EXPECT_EQ(m.worker_concurrency.value, 6);
  EXPECT_EQ(m.worker_concurrency.origin.location.file, "proj/settings.py");
  EXPECT_EQ(m.worker_pool.value, "threads");
  EXPECT_EQ(m.beat_scheduler.value, "django_celery_beat.schedulers:DatabaseScheduler");
  EXPECT_EQ(codes(m), (std::vector<std::string>{"CP401", "CP405"}));
  ASSERT_FALSE(m.notes.empty());
  EXPECT_EQ(m.notes[0],
            "worker_concurrency set at proj/celery.py:10 is hidden by CELERY_WORKER_CONCURRENCY at "
            "proj/settings.py:8 (celery looks the namespaced name up first)");
  // The settings file alone: the namespace is an assumption, said in a note.
  auto s = load(root / "proj" / "settings.py", options_for(root));
  EXPECT_EQ(s.kind, source_kind::django_settings);
  EXPECT_EQ(s.worker_concurrency.value, 6);
  EXPECT_FALSE(s.notes.empty());
}

TEST(CeleryLoad, DjangoSettingsModuleNotFound) {
  auto root = fixtures / "django_project";
  auto m = load(root / "proj" / "celery.py",
                options_for(root, {{"DJANGO_SETTINGS_MODULE", "proj.missing"}}));
  EXPECT_EQ(m.worker_concurrency.status, value_status::unknown);
  EXPECT_EQ(codes(m), std::vector<std::string>{"CP002"});
}

TEST(CeleryLoad, DjangoOldNamesIgnored) {
  auto root = fixtures / "django_old_names";
  auto m = load(root / "settings.py", options_for(root));
  EXPECT_EQ(codes(m), (std::vector<std::string>{"CP405", "CP405", "CP405"}));
  EXPECT_TRUE(m.worker_concurrency.value.is_null());
  EXPECT_EQ(m.result_backend.value, "redis://redis:6379/1");
}

TEST(CeleryLoad, AppConf) {
  auto root = fixtures / "app_conf";
  auto m = load(root / "proj" / "celery.py", options_for(root));
  EXPECT_EQ(m.kind, source_kind::app_module);
  EXPECT_EQ(m.worker_concurrency.value, 10);
  EXPECT_EQ(m.worker_max_tasks_per_child.value, 50);
  EXPECT_EQ(m.broker_pool_limit.value, 4);
  EXPECT_EQ(m.broker_url.value, "amqp://guest:***@rabbit//");
  EXPECT_EQ(m.settings.at("include").value, nlohmann::json::array({"proj.tasks"}));
  EXPECT_EQ(codes(m), std::vector<std::string>{"CP401"});
}

TEST(CeleryLoad, AppConfigModule) {
  auto root = fixtures / "app_config_module";
  auto m = load(root / "proj" / "celery.py", options_for(root));
  EXPECT_EQ(m.worker_concurrency.value, 5);
  EXPECT_EQ(m.worker_pool.value, "solo");
  EXPECT_EQ(m.files, (std::vector<std::string>{"proj/celery.py", "proj/celeryconfig.py"}));
}

TEST(CeleryLoad, ModuleVariableOfAnAppIsNoSetting) {
  // SOURCES.md (mrgdeveloper1401): "module-level `result_backend` that is never applied"
  fs::path dir = fs::temp_directory_path() / "connplan-celery-modvar";
  fs::create_directories(dir);
  std::ofstream(dir / "tasks.py") << "from celery import Celery\nresult_backend = 'rpc://'\n"
                                     "app = Celery('t', broker='redis://')\n";
  auto m = load(dir / "tasks.py", options_for(dir));
  EXPECT_TRUE(m.result_backend.value.is_null());
  ASSERT_FALSE(m.notes.empty());
  EXPECT_EQ(m.notes[0].rfind("result_backend at line 2 is a variable of the app module", 0), 0u);
  fs::remove_all(dir);
}

TEST(CeleryLoad, SyntaxErrorIsNotAccepted) {
  // issue 3: "the file is then `complete: false` and its values count as unknown downstream
  // (Python itself would not import it)"
  fs::path dir = fs::temp_directory_path() / "connplan-celery-syntax";
  fs::create_directories(dir);
  std::ofstream(dir / "celeryconfig.py") << "worker_concurrency = 4\nbroker_url = (\n";
  auto m = load(dir / "celeryconfig.py", options_for(dir));
  EXPECT_FALSE(m.complete);
  EXPECT_FALSE(m.accepted);
  EXPECT_NE(std::ranges::find(m.diagnostics, std::string("CP001"), &finding::code),
            m.diagnostics.end());
  fs::remove_all(dir);
}

TEST(CeleryLoad, VersionDefaults) {
  auto root = fixtures / "new_names";
  auto o = options_for(root);
  o.celery_version = "";
  EXPECT_EQ(load(root / "celeryconfig.py", o).version, "5.6");
  o.celery_version = "4.4";
  EXPECT_THROW((void)load(root / "celeryconfig.py", o), connplan::error);
}

TEST(CeleryInspect, Document) {
  auto root = fixtures / "django_old_names";
  auto doc = to_json(inspect(root / "settings.py", options_for(root)));
  EXPECT_EQ(doc["kind"], "celery");
  EXPECT_EQ(doc["namespace"], "CELERY");
  EXPECT_EQ(doc["source_kind"], "django_settings");
  ASSERT_EQ(doc["old_names"].size(), 4u);
  EXPECT_EQ(doc["old_names"][0]["name"], "BROKER_URL");
  EXPECT_EQ(doc["old_names"][0]["maps_to"], "broker_url");
  EXPECT_EQ(doc["old_names"][0]["used"], false);
  EXPECT_EQ(doc["old_names"][0]["source"]["line"], 4);
  EXPECT_EQ(doc["settings"]["worker_concurrency"]["status"], "known");
}

TEST(CeleryInspect, Corpus) {
  fs::path corpus = fs::path(CONNPLAN_SHARED_DIR) / "corpus" / "celery";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no corpus";
  for (const auto& e : fs::directory_iterator(corpus)) {
    auto doc = to_json(inspect(e.path(), options_for(corpus)));
    EXPECT_EQ(doc["kind"], "celery") << e.path();
    EXPECT_TRUE(doc["settings"].contains("worker_concurrency")) << e.path();
  }
}

// Writes the inspect document of each case of the manifest named by CONNPLAN_CELERY_DUMP (used by
// tests/oracle/celery_oracle.py).
TEST(CeleryInspect, OracleDump) {
  const char* manifest_path = std::getenv("CONNPLAN_CELERY_DUMP");
  if (!manifest_path) GTEST_SKIP() << "CONNPLAN_CELERY_DUMP not set";
  std::ifstream in(manifest_path);
  auto manifest = nlohmann::json::parse(in);
  for (const auto& c : manifest) {
    fs::path file = c["file"].get<std::string>();
    inspect_options o = options_for(c["root"].get<std::string>());
    o.celery_version = c["version"].get<std::string>();
    for (const auto& [k, v] : c["env"].items()) o.env[k] = v.get<std::string>();
    nlohmann::json doc;
    try {
      doc = to_json(inspect(file, o));
    } catch (const std::exception& e) {
      doc = {{"error", e.what()}};
    }
    std::ofstream(c["out"].get<std::string>()) << doc.dump(1);
  }
}

}  // namespace
}  // namespace connplan::celery
