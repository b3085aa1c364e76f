// Launch files merged into the deployment (issue 6; CONTRACTS §8; docs/launch-files.md): which
// files are read, how launched services merge with connplan.toml, and the findings of the merge.
// Each test builds a small project in a temporary directory and loads it as `connplan report`
// does.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "connplan/project_model.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::temp_dir;

constexpr const char* settings_py =
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app',\n"
    "                         'CONN_MAX_AGE': 0}}\n";

// A project with Django settings and a postgresql.conf; `files` adds or replaces files.
struct project {
  temp_dir dir;
  explicit project(const std::map<std::string, std::string>& files) {
    dir.write("app/__init__.py", "");
    dir.write("app/settings.py", settings_py);
    dir.write("postgresql.conf", "max_connections = 100\n");
    for (const auto& [name, text] : files) dir.write(name, text);
  }
  [[nodiscard]] project_model load(const std::map<std::string, std::string>& env = {}) const {
    run_options o;
    o.base.root = project_root{dir.path(), false};
    o.base.env = env;
    return load_project(o);
  }
};

// connplan.toml's header: the settings module, so every service finds its DATABASES.
std::string toml(const std::string& rest) {
  return "[django]\nmodule = \"app.settings\"\nversion = \"4.2\"\n\n" + rest;
}

const loaded_service* find_service(const project_model& m, std::string_view name) {
  for (const auto& s : m.services) {
    if (s.input.name == name) return &s;
  }
  return nullptr;
}

const loaded_service& service(const project_model& m, std::string_view name) {
  if (const auto* s = find_service(m, name)) return *s;
  throw std::runtime_error("no service " + std::string(name));
}

std::vector<const finding*> with_code(const project_model& m, std::string_view code) {
  std::vector<const finding*> out;
  for (const auto& f : m.findings) {
    if (f.code == code) out.push_back(&f);
  }
  return out;
}

bool cites(const plan::service_input& in, std::string_view file) {
  return std::any_of(in.sources.begin(), in.sources.end(),
                     [&](const source& s) { return s.location.file == file; });
}

// ---- which files are read ----

// docs/launch-files.md: "Discovery skips `.gitignore`d files, hidden directories, virtualenvs and
// node_modules, as for every other file."
TEST(launch_merge, a_gitignored_launch_file_is_not_read) {
  project p({{".gitignore", "deploy/\n"},
             {"deploy/Procfile", "web: gunicorn app.wsgi -w 3\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  EXPECT_EQ(find_service(m, "web"), nullptr);
  EXPECT_TRUE(m.services.empty());
  EXPECT_EQ(std::count(m.files_read.begin(), m.files_read.end(), "deploy/Procfile"), 0);
}

TEST(launch_merge, a_discovered_launch_file_is_read) {
  project p({{"deploy/Procfile", "web: gunicorn app.wsgi -w 3\n"}, {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto& web = service(m, "web");
  EXPECT_EQ(*web.input.processes.value, 3);
  EXPECT_EQ(std::count(m.files_read.begin(), m.files_read.end(), "deploy/Procfile"), 1);
}

// docs/launch-files.md: "`[launch] files = ["deploy/*.yaml"]` (globs relative to the root; a plain
// path is read even if discovery would skip it)".
TEST(launch_merge, launch_files_names_a_gitignored_file_by_its_path) {
  project p({{".gitignore", "deploy/\n"},
             {"deploy/Procfile", "web: gunicorn app.wsgi -w 3\n"},
             {"connplan.toml", toml("[launch]\nfiles = [\"deploy/Procfile\"]\n")}});
  const auto m = p.load();
  EXPECT_EQ(*service(m, "web").input.processes.value, 3);
}

// A glob reaches a start script that discovery does not look at by name ("ops/serve" has no
// extension and no start/run/boot/entrypoint name); its shebang makes it a shell script.
TEST(launch_merge, launch_files_glob_reads_a_file_discovery_does_not_pick) {
  const std::map<std::string, std::string> files = {
      {"ops/serve", "#!/bin/sh\nexec gunicorn app.wsgi -w 5\n"}};
  {
    project p(files);
    p.dir.write("connplan.toml", toml(""));
    EXPECT_TRUE(p.load().services.empty());
  }
  project p(files);
  p.dir.write("connplan.toml", toml("[launch]\nfiles = [\"ops/*\"]\n"));
  const auto m = p.load();
  ASSERT_EQ(m.services.size(), 1u);
  EXPECT_EQ(*m.services[0].input.processes.value, 5);
  EXPECT_TRUE(cites(m.services[0].input, "ops/serve"));
}

// docs/launch-files.md: "minus `[launch] exclude`".
TEST(launch_merge, launch_exclude_drops_a_discovered_file) {
  project p({{"Procfile", "web: gunicorn app.wsgi -w 3\n"},
             {"connplan.toml", toml("[launch]\nexclude = [\"Procfile\"]\n")}});
  const auto m = p.load();
  EXPECT_TRUE(m.services.empty());
  EXPECT_EQ(std::count(m.files_read.begin(), m.files_read.end(), "Procfile"), 0);
}

TEST(launch_merge, launch_files_that_are_not_launch_files_or_missing_are_findings) {
  project p({{"notes.txt", "web: gunicorn app.wsgi\n"},
             {"connplan.toml", toml("[launch]\nfiles = [\"notes.txt\", \"gone/Procfile\"]\n")}});
  const auto m = p.load();
  ASSERT_EQ(with_code(m, "CP008").size(), 1u);
  EXPECT_NE(with_code(m, "CP008")[0]->message.find("notes.txt"), std::string::npos);
  ASSERT_EQ(with_code(m, "CP005").size(), 1u);
  EXPECT_NE(with_code(m, "CP005")[0]->message.find("gone/Procfile"), std::string::npos);
}

TEST(launch_merge, launch_files_naming_a_real_launch_file_is_no_finding) {
  project p({{"Procfile", "web: gunicorn app.wsgi\n"},
             {"connplan.toml", toml("[launch]\nfiles = [\"Procfile\"]\n")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP008").empty());
  EXPECT_TRUE(with_code(m, "CP005").empty());
}

// ---- CP803: disagreements ----

// docs/launch-files.md: "a toml kind differing from the launched program: the toml kind wins
// (CP803)".
TEST(launch_merge, cp803_when_the_toml_kind_differs_from_the_launched_program) {
  project p({{"Procfile", "web: uvicorn app.asgi:application --workers 2\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP803");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("declares web as gunicorn"), std::string::npos);
  EXPECT_NE(found[0]->message.find("starts uvicorn"), std::string::npos);
  EXPECT_EQ(found[0]->location->file, "Procfile");
  EXPECT_EQ(service(m, "web").input.kind, plan::service_kind::gunicorn);
}

TEST(launch_merge, no_cp803_when_the_kinds_agree) {
  project p({{"Procfile", "web: uvicorn app.asgi:application --workers 2\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"uvicorn\"\n")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP803").empty());
  EXPECT_EQ(*service(m, "web").input.processes.value, 2);
}

// docs/launch-files.md: "the config file gunicorn actually loads follows the command
// (CP803/CP003, as for `[[service]] command`)".
TEST(launch_merge, cp803_when_the_launch_command_loads_another_config) {
  project p({{"gunicorn.conf.py", "workers = 2\n"},
             {"deploy/gunicorn_prod.py", "workers = 7\n"},
             {"Procfile", "web: gunicorn -c deploy/gunicorn_prod.py app.wsgi\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                                    "config = \"gunicorn.conf.py\"\n")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP803");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("loads deploy/gunicorn_prod.py, not gunicorn.conf.py"),
            std::string::npos);
  EXPECT_EQ(*service(m, "web").input.processes.value, 7);  // the command wins
}

TEST(launch_merge, no_cp803_when_the_launch_command_loads_the_declared_config) {
  project p({{"deploy/gunicorn_prod.py", "workers = 7\n"},
             {"Procfile", "web: gunicorn -c deploy/gunicorn_prod.py app.wsgi\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                                    "config = \"deploy/gunicorn_prod.py\"\n")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP803").empty());
  EXPECT_TRUE(with_code(m, "CP003").empty());
  EXPECT_EQ(*service(m, "web").input.processes.value, 7);
}

// ---- CP003: the known start command does not load the config connplan assumed ----

TEST(launch_merge, cp003_when_the_launch_command_has_no_dash_c) {
  project p({{"deploy/gunicorn_prod.py", "workers = 7\n"},
             {"Procfile", "web: gunicorn app.wsgi --threads 2\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                                    "config = \"deploy/gunicorn_prod.py\"\n")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP003");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("deploy/gunicorn_prod.py is not loaded"), std::string::npos);
  ASSERT_FALSE(found[0]->related.empty());
  ASSERT_TRUE(found[0]->related[0].location);
  EXPECT_EQ(found[0]->related[0].location->file, "Procfile");
  // gunicorn's default (1 worker) and the command's flags, not the file's 7 workers.
  EXPECT_EQ(*service(m, "web").input.processes.value, 1);
}

// Without -c gunicorn still loads ./gunicorn.conf.py (gunicorn docs, settings "config": "Default:
// './gunicorn.conf.py'"), so declaring that file is no CP003.
TEST(launch_merge, no_cp003_when_the_config_is_the_default_file) {
  project p({{"gunicorn.conf.py", "workers = 6\n"},
             {"Procfile", "web: gunicorn app.wsgi\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                                    "config = \"gunicorn.conf.py\"\n")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP003").empty());
  EXPECT_EQ(*service(m, "web").input.processes.value, 6);
}

// ---- CP801: -c names a file that is not there ----

TEST(launch_merge, cp801_when_dash_c_names_a_missing_file) {
  project p(
      {{"Procfile", "web: gunicorn -c conf/missing.py app.wsgi\n"}, {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP801");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("-c conf/missing.py"), std::string::npos);
  EXPECT_EQ(found[0]->location->file, "Procfile");
  EXPECT_EQ(found[0]->location->begin.line, 1u);
}

// "A relative -c is relative to the working directory, which for a repository file is its root or
// the launch file's directory; an absolute path is outside the repository and is not checked"
// (src/model/launch.cpp).
TEST(launch_merge, no_cp801_for_a_present_file_beside_the_launch_file_or_an_absolute_path) {
  project p({{"deploy/gunicorn.py", "workers = 4\n"},
             {"deploy/Procfile",
              "web: gunicorn -c gunicorn.py app.wsgi\n"
              "api: gunicorn -c /etc/app/gunicorn.py app.wsgi\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP801").empty());
  EXPECT_EQ(*service(m, "web").input.processes.value, 4);
}

// ---- CP802: a development server in a launch file ----

// docs/launch-files.md: "CP802 (runserver / `--reload`)".
TEST(launch_merge, cp802_for_runserver_in_a_procfile) {
  project p({{"Procfile", "web: python manage.py runserver 0.0.0.0:$PORT\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP802");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("runserver"), std::string::npos);
  EXPECT_EQ(found[0]->location->file, "Procfile");
  EXPECT_EQ(service(m, "web").input.kind, plan::service_kind::command);
}

TEST(launch_merge, cp802_for_gunicorn_reload) {
  project p({{"Procfile", "web: gunicorn app.wsgi --reload\n"}, {"connplan.toml", toml("")}});
  EXPECT_EQ(with_code(p.load(), "CP802").size(), 1u);
}

TEST(launch_merge, no_cp802_for_a_production_server_or_another_management_command) {
  project p({{"Procfile", "web: gunicorn app.wsgi -w 2\nrelease: python manage.py migrate\n"},
             {"connplan.toml", toml("")}});
  EXPECT_TRUE(with_code(p.load(), "CP802").empty());
}

// ---- CP002: a count from an unset variable ----

// docs/launch-files.md: "A count from an unset variable is CP002 and stays unknown."
TEST(launch_merge, cp002_when_replicas_come_from_an_unset_variable) {
  project p({{"compose.yml",
              "services:\n  web:\n    image: app\n    command: gunicorn app.wsgi\n"
              "    deploy:\n      replicas: ${WEB_REPLICAS}\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP002");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("${WEB_REPLICAS}"), std::string::npos);
  EXPECT_EQ(found[0]->location->file, "compose.yml");
  EXPECT_EQ(found[0]->location->begin.line, 6u);
  EXPECT_FALSE(service(m, "web").input.replicas.value);
}

TEST(launch_merge, no_cp002_when_the_variable_is_given) {
  project p({{"compose.yml",
              "services:\n  web:\n    image: app\n    command: gunicorn app.wsgi\n"
              "    deploy:\n      replicas: ${WEB_REPLICAS}\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load({{"WEB_REPLICAS", "4"}});
  EXPECT_TRUE(with_code(m, "CP002").empty());
  EXPECT_EQ(*service(m, "web").input.replicas.value, 4);
}

// ---- replicas multiply ----

// CONTRACTS §8: "replicas multiply".
TEST(launch_merge, toml_replicas_multiply_the_launch_count) {
  project p({{"compose.yml",
              "services:\n  web:\n    image: app\n    command: gunicorn app.wsgi\n"
              "    deploy:\n      replicas: 3\n"},
             {"connplan.toml",
              toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\nreplicas = 2\n")}});
  const auto m = p.load();
  const auto& r = service(m, "web").input.replicas;
  EXPECT_EQ(*r.value, 6);
  const bool compose = std::any_of(r.sources.begin(), r.sources.end(), [](const source& s) {
    return s.location.file == "compose.yml" && s.location.begin.line == 6;
  });
  const bool from_toml = std::any_of(r.sources.begin(), r.sources.end(),
                                     [](const source& s) { return s.kind == source_kind::toml; });
  EXPECT_TRUE(compose);
  EXPECT_TRUE(from_toml);
}

TEST(launch_merge, without_a_launch_count_the_toml_replicas_stand) {
  project p({{"Procfile", "web: gunicorn app.wsgi\n"},
             {"connplan.toml",
              toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\nreplicas = 2\n")}});
  EXPECT_EQ(*service(p.load(), "web").input.replicas.value, 2);
}

// ---- celery worker -B ----

// docs/launch-files.md: "`celery worker -B` adds a beat service (`name/beat`)".
TEST(launch_merge, celery_worker_dash_b_adds_a_beat) {
  project p({{"app/celery.py", "from celery import Celery\napp = Celery('app')\n"},
             {"Procfile", "worker: celery -A app worker -B -c 2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto& worker = service(m, "worker");
  EXPECT_EQ(worker.input.kind, plan::service_kind::celery_worker);
  EXPECT_EQ(*worker.input.processes.value, 2);
  const auto& beat = service(m, "worker/beat");
  EXPECT_EQ(beat.input.kind, plan::service_kind::celery_beat);
}

TEST(launch_merge, celery_worker_without_dash_b_adds_no_beat) {
  project p({{"app/celery.py", "from celery import Celery\napp = Celery('app')\n"},
             {"Procfile", "worker: celery -A app worker -c 2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  EXPECT_EQ(m.services.size(), 1u);
  EXPECT_EQ(find_service(m, "worker/beat"), nullptr);
}

// `celery beat -S/--scheduler` beats beat_scheduler (celery/apps/beat.py @ 5.4: `scheduler or
// app.conf.beat_scheduler`); beat opens connections only with a database scheduler.
TEST(launch_merge, beat_scheduler_on_the_command_line_decides_its_connections) {
  const std::string celery_py = "from celery import Celery\napp = Celery('app')\n";
  project db({{"app/celery.py", celery_py},
              {"Procfile",
               "beat: celery -A app beat -S django_celery_beat.schedulers:"
               "DatabaseScheduler\n"},
              {"connplan.toml", toml("")}});
  EXPECT_EQ(service(db.load(), "beat").input.aliases.size(), 1u);
  project file({{"app/celery.py", celery_py},
                {"Procfile", "beat: celery -A app beat -s /tmp/celerybeat-schedule\n"},
                {"connplan.toml", toml("")}});
  EXPECT_TRUE(service(file.load(), "beat").input.aliases.empty());
}

// ---- environment precedence ----

// CONTRACTS §8: "Environment precedence: `--env` > `[[service]] env` > launch-file environment >
// `[env]` > the default in the code." WEB_CONCURRENCY is gunicorn's default for workers.
TEST(launch_merge, environment_precedence_with_a_launch_environment) {
  const std::string compose =
      "services:\n  web:\n    image: app\n    command: gunicorn app.wsgi\n"
      "    environment:\n      WEB_CONCURRENCY: \"3\"\n";
  const std::string plain = "services:\n  web:\n    image: app\n    command: gunicorn app.wsgi\n";
  const std::string decl = "[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n";
  struct row {
    std::string compose, toml_text;
    std::map<std::string, std::string> env;
    long long workers;
  };
  const std::vector<row> rows = {
      {plain, toml(decl), {}, 1},                                            // the default
      {plain, toml("[env]\nWEB_CONCURRENCY = \"2\"\n\n" + decl), {}, 2},     // [env]
      {compose, toml("[env]\nWEB_CONCURRENCY = \"2\"\n\n" + decl), {}, 3},   // launch > [env]
      {compose, toml(decl + "env = { WEB_CONCURRENCY = \"5\" }\n"), {}, 5},  // [[service]] env
      {compose,
       toml(decl + "env = { WEB_CONCURRENCY = \"5\" }\n"),
       {{"WEB_CONCURRENCY", "7"}},
       7},  // --env
  };
  for (const auto& r : rows) {
    project p({{"compose.yml", r.compose}, {"connplan.toml", r.toml_text}});
    const auto m = p.load(r.env);
    const auto& web = service(m, "web");
    ASSERT_TRUE(web.input.processes.value) << r.toml_text;
    EXPECT_EQ(*web.input.processes.value, r.workers) << r.toml_text;
  }
}

// The report cites where a launch environment value is written (issue 6: "`connplan report`
// shows where every count came from").
TEST(launch_merge, workers_from_a_launch_environment_cite_its_line) {
  project p({{"compose.yml",
              "services:\n  web:\n    image: app\n    command: gunicorn app.wsgi\n"
              "    environment:\n      WEB_CONCURRENCY: \"3\"\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto& workers = service(m, "web").input.processes;
  ASSERT_FALSE(workers.sources.empty());
  EXPECT_EQ(workers.sources[0].location.file, "compose.yml");
  EXPECT_EQ(workers.sources[0].location.begin.line, 6u);
  // --env overrides it: the launch file is no longer where the value comes from.
  const auto overridden = p.load({{"WEB_CONCURRENCY", "4"}});
  const auto& w2 = service(overridden, "web").input.processes;
  EXPECT_EQ(*w2.value, 4);
  EXPECT_EQ(w2.sources.at(0).kind, source_kind::env);
}

// ---- compose services and the images they build (Dockerfile ENTRYPOINT / CMD / ENV) ----

constexpr const char* celery_py = "from celery import Celery\napp = Celery('core')\n";

// docs.docker.com/reference/dockerfile "Understand how CMD and ENTRYPOINT interact": with an
// exec-form ENTRYPOINT, `docker run` arguments (compose `command:`) are appended to it. The
// corpus's bookit compose file runs `command: -A core worker -c 3` on an image whose ENTRYPOINT is
// celery.
TEST(launch_merge, a_compose_command_is_passed_to_the_built_images_entrypoint) {
  project p({{"core/__init__.py", ""},
             {"core/celery.py", celery_py},
             {"Dockerfile", "FROM python:3.12-slim\nENTRYPOINT [\"celery\"]\n"},
             {"compose.yml",
              "services:\n  worker:\n    build: .\n"
              "    command: -A core worker -c 3\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP804").empty());
  ASSERT_EQ(m.services.size(), 1u);
  const auto& worker = service(m, "worker");
  EXPECT_EQ(worker.input.kind, plan::service_kind::celery_worker);
  EXPECT_EQ(*worker.input.processes.value, 3);
  EXPECT_TRUE(cites(worker.input, "compose.yml"));
}

TEST(launch_merge, cp804_when_the_entrypoint_comes_from_an_image_not_built_here) {
  project p({{"compose.yml",
              "services:\n  worker:\n    image: example/app:1\n"
              "    command: -A core worker -c 3\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto found = with_code(m, "CP804");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->message.find("example/app:1 is not built in the repository"),
            std::string::npos);
  EXPECT_EQ(found[0]->location->file, "compose.yml");
  EXPECT_EQ(found[0]->location->begin.line, 4u);
  EXPECT_TRUE(m.services.empty());
}

TEST(launch_merge, no_cp804_for_a_full_command_on_an_image_not_built_here) {
  project p({{"compose.yml",
              "services:\n  web:\n    image: example/app:1\n"
              "    command: gunicorn app.wsgi -w 2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP804").empty());
  EXPECT_EQ(*service(m, "web").input.processes.value, 2);
}

// compose-spec services.md "command": "Overrides the default command declared by the container
// image"; without it the image's CMD runs, with the image's ENV under `environment:`.
TEST(launch_merge, a_compose_service_without_command_runs_the_images_cmd) {
  project p({{"Dockerfile",
              "FROM python:3.12-slim\nENV WEB_CONCURRENCY=4 OTHER=1\n"
              "CMD [\"gunicorn\", \"app.wsgi\", \"--threads\", \"2\"]\n"},
             {"compose.yml",
              "services:\n  web:\n    build: .\n    environment:\n"
              "      OTHER: \"2\"\n    deploy:\n      replicas: 2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  // One service: the Dockerfile is the image compose runs, not a process of its own.
  ASSERT_EQ(m.services.size(), 1u);
  const auto& web = service(m, "web");
  EXPECT_EQ(*web.input.replicas.value, 2);
  EXPECT_EQ(*web.input.processes.value, 4);  // gunicorn's default: $WEB_CONCURRENCY (the ENV)
  EXPECT_EQ(*web.input.concurrency.value, 2);
  EXPECT_EQ(web.env.at("OTHER"), "2");  // the service's environment wins over ENV
  EXPECT_EQ(web.env.at("WEB_CONCURRENCY"), "4");
  EXPECT_EQ(web.input.processes.sources.at(0).location.file, "Dockerfile");
}

TEST(launch_merge, cp804_when_a_service_runs_the_cmd_of_a_dockerfile_not_read) {
  const std::string compose = "services:\n  web:\n    build: ./docker\n";
  project missing({{"compose.yml", compose}, {"connplan.toml", toml("")}});
  const auto m = missing.load();
  ASSERT_EQ(with_code(m, "CP804").size(), 1u);
  EXPECT_NE(with_code(m, "CP804")[0]->message.find("docker/Dockerfile is not in the repository"),
            std::string::npos);
  project excluded({{"compose.yml", compose},
                    {"docker/Dockerfile", "FROM x\nCMD [\"gunicorn\", \"app.wsgi\"]\n"},
                    {"connplan.toml", toml("[launch]\nexclude = [\"docker/Dockerfile\"]\n")}});
  const auto e = excluded.load();
  ASSERT_EQ(with_code(e, "CP804").size(), 1u);
  EXPECT_NE(with_code(e, "CP804")[0]->message.find("was not read"), std::string::npos);
  EXPECT_TRUE(e.services.empty());
  project read({{"compose.yml", compose},
                {"docker/Dockerfile", "FROM x\nCMD [\"gunicorn\", \"app.wsgi\"]\n"},
                {"connplan.toml", toml("")}});
  const auto r = read.load();
  EXPECT_TRUE(with_code(r, "CP804").empty());
  EXPECT_EQ(r.services.size(), 1u);
}

// compose-spec services.md "entrypoint": it "overrides the ENTRYPOINT of the image; when
// entrypoint is set, compose ignores any default command of the image".
TEST(launch_merge, a_compose_entrypoint_replaces_the_images) {
  project p({{"Dockerfile",
              "FROM python:3.12-slim\nENTRYPOINT [\"celery\"]\n"
              "CMD [\"-A\", \"core\", \"worker\"]\n"},
             {"compose.yml",
              "services:\n  web:\n    build: .\n    entrypoint: [\"gunicorn\"]\n"
              "    command: app.wsgi -w 2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  ASSERT_EQ(m.services.size(), 1u);
  EXPECT_EQ(service(m, "web").input.kind, plan::service_kind::gunicorn);
  EXPECT_EQ(*service(m, "web").input.processes.value, 2);
}

// Dockerfile reference: "The shell form of ENTRYPOINT prevents any CMD command line arguments from
// being used".
TEST(launch_merge, a_shell_form_entrypoint_ignores_the_compose_command) {
  project p({{"Dockerfile", "FROM python:3.12-slim\nENTRYPOINT gunicorn app.wsgi -w 3\n"},
             {"compose.yml", "services:\n  web:\n    build: .\n    command: -w 9\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  EXPECT_TRUE(with_code(m, "CP804").empty());
  EXPECT_EQ(*service(m, "web").input.processes.value, 3);
}

// ---- where each count comes from (issue 6: "`connplan report` shows where every count came
// from") ----

TEST(launch_merge, a_flag_of_a_procfile_command_is_cited_at_its_column) {
  project p({{"Procfile", "web: gunicorn app.wsgi --workers 3 --threads 2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto& web = service(m, "web").input;
  const auto& at = web.processes.sources.at(0).location;
  EXPECT_EQ(at.file, "Procfile");
  EXPECT_EQ(at.begin.line, 1u);
  EXPECT_EQ(at.begin.column, 24u);  // `--workers 3`
  EXPECT_EQ(at.end.column, 34u);
  EXPECT_EQ(web.concurrency.sources.at(0).location.begin.column, 36u);  // `--threads 2`
}

TEST(launch_merge, a_flag_on_a_continuation_line_of_a_script_is_cited_at_its_line) {
  project p({{"start-server.sh", "#!/bin/sh\nexec gunicorn app.wsgi \\\n    -w ${W:-4}\n"},
             {"app/celery.py", "from celery import Celery\napp = Celery('app')\n"},
             {"worker.sh", "#!/bin/sh\ncelery -A app worker \\\n  --autoscale=6,2\n"},
             {"connplan.toml", toml("")}});
  const auto m = p.load();
  const auto& workers = service(m, "gunicorn").input.processes;
  EXPECT_EQ(*workers.value, 4);
  EXPECT_EQ(workers.sources.at(0).location.file, "start-server.sh");
  EXPECT_EQ(workers.sources.at(0).location.begin.line, 3u);
  EXPECT_EQ(workers.sources.at(0).location.begin.column, 5u);
  // The worker merges with the discovered app/celery.py (named "worker").
  const auto& children = service(m, "worker").input.processes;
  EXPECT_EQ(*children.value, 6);
  EXPECT_EQ(children.sources.at(0).location.begin.line, 3u);
  EXPECT_TRUE(cites(service(m, "worker").input, "worker.sh"));
}

// A connplan.toml command is cited where connplan.toml writes it, never at a launch file's words.
TEST(launch_merge, a_toml_command_keeps_its_toml_source) {
  project p({{"Procfile", "web: gunicorn app.wsgi --workers 3\n"},
             {"connplan.toml", toml("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                                    "command = \"gunicorn app.wsgi -w 5\"\n")}});
  const auto m = p.load();
  const auto& workers = service(m, "web").input.processes;
  EXPECT_EQ(*workers.value, 5);
  EXPECT_EQ(workers.sources.at(0).kind, source_kind::toml);
}

}  // namespace
}  // namespace connplan
