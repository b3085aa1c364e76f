#include "celery/sources.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "connplan/python/parse.hpp"

namespace connplan::celery::detail {
namespace {

namespace fs = std::filesystem;

struct evaluated {
  python::module_result result;
  python::module tree;
};

evaluated run(std::string_view text) {
  python::evaluate_options o;
  o.root.dir = fs::temp_directory_path();
  fs::path file = o.root.dir / "celery.py";
  evaluated e{python::evaluate_source(text, file, o), {}};
  e.tree = python::parse_module(text, "celery.py").module;
  return e;
}

TEST(CelerySources, ModuleKeysInOrder) {
  auto e = run("import os\nb = 2\na = 1\nb = 3\n__doc__ = 'x'\nLOWER_and_Upper = 1\n");
  auto keys = module_keys(e.result, false);
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  EXPECT_EQ(names, (std::vector<std::string>{"os", "b", "a", "LOWER_and_Upper"}));
  EXPECT_EQ(keys[1].value.integer, 3);
  EXPECT_EQ(keys[1].where.begin.line, 4u);
  // django/conf/__init__.py Settings: `if setting.isupper()`
  EXPECT_TRUE(module_keys(run("a = 1\nB_1 = 2\n").result, true).size() == 1);
}

TEST(CelerySources, ReadApp) {
  auto e =
      run("from celery import Celery\n"
          "app = Celery('proj', broker='amqp://', include=['t'])\n"
          "app.conf.update({'worker_concurrency': 2}, worker_pool='solo')\n"
          "app.conf.broker_pool_limit = 3\n"
          "app.conf['task_acks_late'] = True\n"
          "app.config_from_object('django.conf:settings', namespace='CELERY')\n");
  auto app = read_app(e.result, e.tree);
  ASSERT_TRUE(app.has_app);
  EXPECT_EQ(app.main_name.text, "proj");
  std::vector<std::string> names;
  for (const auto& c : app.changes) names.push_back(c.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"broker_url", "include", "worker_concurrency", "worker_pool",
                                      "broker_pool_limit", "task_acks_late"}));
  EXPECT_EQ(app.auto_set, (std::set<std::string>{"broker_url", "include"}));
  ASSERT_TRUE(app.config_source);
  EXPECT_EQ(app.config_source->text, "django.conf:settings");
  EXPECT_EQ(app.namespace_name, "CELERY");
}

TEST(CelerySources, SecondAppReplacesTheFirst) {
  // SOURCES.md: "`Celery("dalme")` constructed twice (second with broker URL and include)"
  auto e =
      run("import os\nfrom celery import Celery\n"
          "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'dalme.settings')\n"
          "app = Celery('dalme')\napp.conf.update(worker_concurrency=9)\n"
          "app = Celery('dalme', broker='amqp://x')\n");
  auto app = read_app(e.result, e.tree);
  ASSERT_EQ(app.changes.size(), 1u);
  EXPECT_EQ(app.changes[0].name, "broker_url");
  ASSERT_TRUE(app.django_settings_module);
  EXPECT_EQ(app.django_settings_module->text, "dalme.settings");
}

TEST(CelerySources, NotAnApp) {
  EXPECT_FALSE(read_app(run("worker_concurrency = 1\n").result, run("").tree).has_app);
}

TEST(CelerySources, NamesRead) {
  auto tree = python::parse_module(
                  "host = 'h'\nbroker_url = 'redis://%s' % host\nx, y = 1, 2\n"
                  "def f():\n    global g\n    return z\n",
                  "c.py")
                  .module;
  auto reads = names_read(tree);
  EXPECT_TRUE(reads.contains("host"));
  EXPECT_TRUE(reads.contains("z"));
  EXPECT_TRUE(reads.contains("g"));
  EXPECT_FALSE(reads.contains("broker_url"));
  EXPECT_FALSE(reads.contains("x"));
}

TEST(CelerySources, DjangoDetection) {
  const catalogue& cat = *catalogue_for("5.2");
  auto keys = [](std::vector<std::string> names) {
    std::vector<raw_setting> out;
    for (auto& n : names) out.push_back({n, {}, {}, false});
    return out;
  };
  EXPECT_TRUE(looks_like_django_settings(keys({"CELERY_BROKER_URL"}), cat));
  EXPECT_TRUE(looks_like_django_settings(keys({"INSTALLED_APPS", "BROKER_URL"}), cat));
  // Old names that equal prefixed new names are no evidence (a celeryconfig in old names).
  EXPECT_FALSE(
      looks_like_django_settings(keys({"CELERY_RESULT_BACKEND", "CELERYD_CONCURRENCY"}), cat));
  EXPECT_FALSE(looks_like_django_settings(keys({"broker_url"}), cat));
}

TEST(CelerySources, FindModuleFile) {
  fs::path root = fs::temp_directory_path() / "connplan-celery-find";
  fs::create_directories(root / "proj" / "settings");
  std::ofstream(root / "proj" / "celeryconfig.py") << "";
  std::ofstream(root / "proj" / "settings" / "__init__.py") << "";
  EXPECT_EQ(find_module_file("proj.celeryconfig", {root}), root / "proj" / "celeryconfig.py");
  EXPECT_EQ(find_module_file("proj.settings", {root}), root / "proj" / "settings" / "__init__.py");
  EXPECT_EQ(find_module_file("proj.missing", {root}), std::nullopt);
  EXPECT_EQ(find_module_file("celeryconfig", {root / "nowhere", root / "proj"}),
            root / "proj" / "celeryconfig.py");
  EXPECT_EQ(find_module_file("proj..x", {root}), std::nullopt);
  fs::remove_all(root);
}

}  // namespace
}  // namespace connplan::celery::detail
