// The deployment as the planner sees it: connplan.toml, discovery, start commands (issue 4).
#include <gtest/gtest.h>

#include <algorithm>

#include "connplan/project_model.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::temp_dir;

project_model load(const temp_dir& dir) {
  run_options o;
  o.base.root = project_root{dir.path(), false};
  return load_project(o);
}

const loaded_service& service(const project_model& m, std::string_view name) {
  for (const auto& s : m.services) {
    if (s.input.name == name) return s;
  }
  throw std::runtime_error("no such service");
}

bool has_code(const project_model& m, std::string_view code) {
  return std::any_of(m.findings.begin(), m.findings.end(),
                     [&](const finding& f) { return f.code == code; });
}

constexpr const char* settings_py =
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'USER': "
    "'app',\n"
    "                         'CONN_MAX_AGE': 60}}\n";

TEST(load_project, discovery_without_connplan_toml_lists_its_assumptions) {
  temp_dir dir;
  dir.write("postgresql.conf", "max_connections = 50\n");
  dir.write("gunicorn.conf.py", "workers = 3\nthreads = 4\n");
  dir.write("app/settings.py", settings_py);
  auto m = load(dir);
  ASSERT_EQ(m.servers.size(), 1u);
  EXPECT_EQ(m.servers[0].input.max_connections.value, 50);
  ASSERT_EQ(m.services.size(), 1u);
  const auto& web = service(m, "web");
  EXPECT_EQ(web.input.processes.value, 3);
  EXPECT_EQ(web.input.concurrency.value, 4);
  ASSERT_EQ(web.input.aliases.size(), 1u);
  EXPECT_EQ(web.input.aliases[0].persistence, plan::persistence::persistent);
  auto names = [&] {
    std::vector<std::string> out;
    for (const auto& a : m.assumptions) out.push_back(a.name);
    return out;
  }();
  EXPECT_NE(std::find(names.begin(), names.end(), "replicas of web"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Django settings of web"), names.end());
}

TEST(load_project, no_postgresql_conf_assumes_postgresqls_default) {
  temp_dir dir;
  dir.write("app/settings.py", settings_py);
  auto m = load(dir);
  ASSERT_EQ(m.servers.size(), 1u);
  EXPECT_EQ(m.servers[0].input.max_connections.value, 100);
  EXPECT_EQ(m.assumptions.front().name, "max_connections of postgres");
}

// Issue 4: "CP003 fires only when a known start command for the service omits -c".
TEST(load_project, a_start_command_without_dash_c_does_not_load_the_config) {
  temp_dir dir;
  dir.write("connplan.toml",
            "[django]\nsettings = 'settings.py'\n[[service]]\nname = 'web'\nkind = 'gunicorn'\n"
            "config = 'gunicorn_config.py'\ncommand = 'gunicorn --threads 8 app.wsgi'\n");
  dir.write("gunicorn_config.py", "workers = 9\n");
  dir.write("settings.py", settings_py);
  auto m = load(dir);
  EXPECT_TRUE(has_code(m, "CP003"));
  const auto& web = service(m, "web");
  EXPECT_EQ(web.input.processes.value, 1);    // gunicorn's default: the file is not loaded
  EXPECT_EQ(web.input.concurrency.value, 8);  // --threads 8: sync becomes gthread
  EXPECT_EQ(web.input.model, plan::concurrency_model::threads);
}

TEST(load_project, flags_override_the_config_file_which_is_loaded_with_dash_c) {
  temp_dir dir;
  dir.write(
      "connplan.toml",
      "[django]\nsettings = 'settings.py'\n[[service]]\nname = 'web'\nkind = 'gunicorn'\n"
      "config = 'gunicorn_config.py'\ncommand = 'gunicorn -c gunicorn_config.py -w 2 app.wsgi'\n");
  dir.write("gunicorn_config.py",
            "workers = 9\nworker_class = 'gevent'\nworker_connections = 50\n");
  dir.write("settings.py", settings_py);
  auto m = load(dir);
  EXPECT_FALSE(has_code(m, "CP003"));
  const auto& web = service(m, "web");
  EXPECT_EQ(web.input.processes.value, 2);  // -w 2 beats the file's 9
  EXPECT_EQ(web.input.model, plan::concurrency_model::green);
  EXPECT_EQ(web.input.concurrency.value, 50);
}

TEST(load_project, celery_and_uvicorn_commands) {
  temp_dir dir;
  dir.write("connplan.toml",
            "[django]\nsettings = 'settings.py'\n"
            "[[service]]\nname = 'worker'\nkind = 'celery-worker'\ncommand = 'celery -A proj "
            "worker -P threads -c 12'\n"
            "[[service]]\nname = 'auto'\nkind = 'celery-worker'\ncommand = 'celery -A proj worker "
            "--autoscale=3,10'\n"
            "[[service]]\nname = 'api'\nkind = 'uvicorn'\ncommand = 'uvicorn app.asgi:app "
            "--workers 3 --limit-concurrency 20'\n");
  dir.write("settings.py", settings_py);
  auto m = load(dir);
  const auto& worker = service(m, "worker");
  EXPECT_EQ(worker.input.model, plan::concurrency_model::threads);
  EXPECT_EQ(worker.input.concurrency.value, 12);
  const auto& autoscaled = service(m, "auto");
  EXPECT_EQ(autoscaled.input.processes.value, 10);  // prefork children: the autoscale maximum
  const auto& api = service(m, "api");
  EXPECT_EQ(api.input.processes.value, 3);
  EXPECT_EQ(api.input.concurrency.value, 20);
}

TEST(load_project, a_command_that_starts_nothing_known_is_cp804) {
  temp_dir dir;
  dir.write("connplan.toml",
            "[[service]]\nname = 'web'\nkind = 'gunicorn'\ncommand = './run-web.sh --fast'\n");
  auto m = load(dir);
  EXPECT_TRUE(has_code(m, "CP804"));
}

TEST(load_project, a_missing_config_file_in_use_is_exit_2) {
  temp_dir dir;
  run_options o;
  o.base.root = project_root{dir.path(), false};
  o.config_file = dir.path() / "nope.toml";
  EXPECT_THROW((void)load_project(o), std::exception);
}

}  // namespace
}  // namespace connplan

namespace connplan {
namespace {

// Issue 4: without DJANGO_SETTINGS_MODULE, "evaluates every leaf settings module and takes the
// worst case".
TEST(load_project, several_leaf_settings_modules_take_the_worst_case) {
  temp_dir dir;
  dir.write(
      "crm/settings/base.py",
      "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'crm'}}\n");
  dir.write("crm/settings/local.py", "from .base import *\n");
  dir.write("crm/settings/production.py",
            "from .base import *\nDATABASES['replica'] = {'ENGINE': "
            "'django.db.backends.postgresql', 'NAME': 'crm'}\n");
  dir.write("gunicorn.conf.py", "workers = 2\n");
  auto m = load(dir);
  ASSERT_EQ(m.services.size(), 1u);
  EXPECT_EQ(m.services[0].input.aliases.size(), 2u);  // production.py: two aliases
  EXPECT_EQ(m.services[0].django->path, "crm/settings/production.py");
}

}  // namespace
}  // namespace connplan
