// Every file of the shared corpus's launch/ folder is read without a crash, and what was
// understood from each (processes, names, commands, replicas) matches what a reader of the file
// sees. Skips when the shared corpus is absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "connplan/launch_files.hpp"

namespace {

namespace fs = std::filesystem;
using connplan::launchfiles::format_of;
using connplan::launchfiles::read_launch_file;

const fs::path corpus_dir = fs::path(CONNPLAN_SHARED_DIR) / "corpus" / "launch";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The corpus names files owner__repo__path; the launch-file name is the last component.
std::string display_name(const std::string& file) {
  const auto sep = file.rfind("__");
  return sep == std::string::npos ? file : file.substr(sep + 2);
}

std::string summary(const std::string& file) {
  const std::string text = slurp(corpus_dir / file);
  const auto f = format_of(display_name(file), text.substr(0, 4096));
  if (!f) return "not a launch file\n";
  const auto lf = read_launch_file(text, display_name(file), *f, {});
  std::string out = fmt::format("format {}\n", connplan::launchfiles::to_string(*f));
  for (const auto& p : lf.processes) {
    out += fmt::format("{}: {}", p.name, p.command);
    if (p.replicas) {
      out += p.replicas->value ? fmt::format(" [x{}]", *p.replicas->value)
                               : fmt::format(" [x? {}]", p.replicas->text);
    }
    out += "\n";
  }
  for (const auto& x : lf.findings) {
    out += fmt::format("{} {}:{}: {}\n", x.code, x.location ? x.location->begin.line : 0,
                       x.location ? x.location->begin.column : 0, x.message);
  }
  return out;
}

class corpus : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(corpus_dir)) GTEST_SKIP() << "no shared corpus at " << corpus_dir;
  }
};

TEST_F(corpus, every_file_is_read_without_a_crash) {
  int read = 0;
  for (const auto& e : fs::directory_iterator(corpus_dir)) {
    const std::string text = slurp(e.path());
    const std::string name = display_name(e.path().filename().string());
    for (auto f : {connplan::launchfiles::format::dockerfile, connplan::launchfiles::format::shell,
                   connplan::launchfiles::format::procfile, connplan::launchfiles::format::systemd,
                   connplan::launchfiles::format::supervisord}) {
      // Every reader on every file: wrong formats must not crash either.
      const auto lf = read_launch_file(text, name, f, {});
      EXPECT_EQ(lf.path, name);
    }
    ++read;
  }
  EXPECT_EQ(read, 20);
}

// What each non-YAML file starts, checked by reading the files (the YAML ones are
// compose_test's and kubernetes_test's). Names of systemd units come from the display name,
// which here keeps the corpus's path prefix.
TEST_F(corpus, what_each_file_starts) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"CTFd__CTFd__docker-entrypoint.sh",
       "format shell\n"
       "gunicorn: exec gunicorn 'CTFd:create_app()' --bind 0.0.0.0:8000 --workers 1 "
       "--worker-tmp-dir /dev/shm --worker-class gevent --access-logfile - --error-logfile -\n"},
      {"KNMI__adaguc-server__Docker_start.sh",
       "format shell\n"
       "gunicorn: gunicorn --bind \"0.0.0.0:${ADAGUC_SERVER_PORT}\" --workers=1 -k "
       "no_proxy_headers_uvicorn_worker.NoProxyHeadersUvicornWorker "
       "--disable-redirect-access-to-syslog --keep-alive 200 --access-logfile - main:app\n"},
      {"TandoorRecipes__recipes__boot.sh",
       "format shell\n"
       "manage.py-migrate: python manage.py migrate\n"
       "manage.py-collectstatic: python manage.py collectstatic --noinput --clear\n"
       "gunicorn: exec gunicorn --bind unix:/tmp/tandoor.sock --workers 3 --threads 2 --timeout "
       "30 --access-logfile - --error-logfile - --log-level info recipes.wsgi\n"},
      {"makeplane__plane__apps_api_bin_docker-entrypoint-api.sh",
       "format shell\n"
       "manage.py-wait_for_db: python manage.py wait_for_db\n"
       "manage.py-wait_for_migrations: python manage.py wait_for_migrations\n"
       "manage.py-register_instance: python manage.py register_instance \"$MACHINE_SIGNATURE\"\n"
       "manage.py-configure_instance: python manage.py configure_instance\n"
       "manage.py-create_bucket: python manage.py create_bucket\n"
       "manage.py-clear_cache: python manage.py clear_cache\n"
       "manage.py-collectstatic: python manage.py collectstatic --noinput\n"
       "gunicorn: exec gunicorn -w \"$GUNICORN_WORKERS\" -k uvicorn.workers.UvicornWorker "
       "plane.asgi:application --bind 0.0.0.0:8000 --max-requests 1200 --max-requests-jitter "
       "1000 --access-logfile -\n"},
      {"taigaio__taiga-back__docker_async_entrypoint.sh",
       "format shell\n"
       "celery-worker: exec su-exec taiga celery -A taiga.celery worker -B --concurrency 4 -l "
       "INFO \"$@\"\n"},
      {"tiangolo__uvicorn-gunicorn-docker__docker-images_start.sh",
       "format shell\n"
       "gunicorn: exec gunicorn -k uvicorn.workers.UvicornWorker -c \"$GUNICORN_CONF\" "
       "\"$APP_MODULE\"\n"},
      {"HackSoftware__Django-Styleguide-Example__Procfile",
       "format procfile\n"
       "release: python manage.py migrate\n"
       "web: gunicorn config.wsgi:application --error-logfile \"/dev/null\" --access-logfile "
       "\"/dev/null\"\n"
       "worker: REMAP_SIGTERM=SIGQUIT celery -A styleguide_example.tasks worker -l info "
       "--without-gossip --without-mingle --without-heartbeat\n"
       "beat: REMAP_SIGTERM=SIGQUIT celery -A styleguide_example.tasks beat -l info --scheduler "
       "django_celery_beat.schedulers:DatabaseScheduler\n"},
      {"mozilla__pontoon__Procfile",
       "format procfile\n"
       "web: newrelic-admin run-program gunicorn pontoon.wsgi:application --log-file -\n"
       "worker: newrelic-admin run-program celery --app=pontoon.base.celeryapp worker "
       "--loglevel=info --without-gossip --without-mingle --without-heartbeat\n"},
      {"python__pythondotorg__Procfile",
       "format procfile\n"
       "release: python manage.py migrate --noinput\n"
       "web: bin/start-nginx gunicorn -c gunicorn.conf pydotorg.wsgi\n"
       "worker: celery -A pydotorg worker -l INFO\n"
       "worker-beat: celery -A pydotorg beat -l INFO --scheduler "
       "django_celery_beat.schedulers:DatabaseScheduler\n"},
      {"pypi__warehouse__Procfile",
       "format procfile\n"
       "release: bin/release\n"
       "web: ddtrace-run python -m gunicorn.app.wsgiapp -c gunicorn-prod.conf.py "
       "warehouse.wsgi:application\n"
       "web-api: ddtrace-run python -m gunicorn.app.wsgiapp -c gunicorn-prod.conf.py "
       "warehouse.wsgi:application\n"
       "web-uploads: ddtrace-run python -m gunicorn.app.wsgiapp -c gunicorn-uploads.conf.py "
       "warehouse.wsgi:application\n"
       "worker: celery -A warehouse worker --concurrency=${CELERY_CONCURRENCY:-1} -Q default -l "
       "info --max-tasks-per-child 1024\n"
       "worker-beat: celery -A warehouse beat -S redbeat.RedBeatScheduler -l info\n"
       "worker-traced: env DD_SERVICE=warehouse-worker ddtrace-run celery -A warehouse worker "
       "--concurrency=${CELERY_CONCURRENCY:-1} -Q default -l info --max-tasks-per-child 32\n"},
      {"netbox-community__netbox__contrib_netbox.service",
       "format systemd\n"
       "contrib_netbox: /opt/netbox/venv/bin/gunicorn --pid /var/tmp/netbox.pid --pythonpath "
       "/opt/netbox/netbox --config /opt/netbox/gunicorn.py netbox.wsgi\n"},
      {"paperless-ngx__paperless-ngx__scripts_paperless-webserver.service",
       "format systemd\n"
       "scripts_paperless-webserver: /opt/paperless/.local/bin/gunicorn -c "
       "/opt/paperless/gunicorn.conf.py paperless.asgi:application\n"},
      {"Cvalladares__Newsblur_Instrumented__config_supervisor_gunicorn.conf",
       "format supervisord\n"
       "gunicorn: /srv/newsblur/venv/newsblur/bin/gunicorn -c config/gunicorn_conf.py wsgi\n"},
      // YAML embedding supervisord and a script: not a launch file by name or shape.
      {"DALME__DALME-Online-Database__.ebextensions_03_celery.config", "not a launch file\n"},
  };
  for (const auto& [file, want] : expected) {
    SCOPED_TRACE(file);
    EXPECT_EQ(summary(file), want);
  }
}

}  // namespace
