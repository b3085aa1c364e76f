// Kind detection for `connplan inspect`: exact names first, then launch files by name and shape,
// then content signatures.
#include <gtest/gtest.h>

#include "app/kind_detection.hpp"

namespace connplan {
namespace {

std::string kind_of(const char* path, const char* text = "") {
  auto k = detect_kind(path, text);
  return k ? std::string(to_string(*k)) : "none";
}

TEST(kind_detection, by_name) {
  EXPECT_EQ(kind_of("deploy/postgresql.conf"), "postgresql");
  EXPECT_EQ(kind_of("postgresql.auto.conf"), "postgresql");
  EXPECT_EQ(kind_of("postgresql.conf.j2"), "postgresql");
  EXPECT_EQ(kind_of("pgbouncer.ini"), "pgbouncer");
  EXPECT_EQ(kind_of("config/pgbouncer.conf"), "pgbouncer");
  EXPECT_EQ(kind_of("gunicorn.conf.py"), "gunicorn");
  EXPECT_EQ(kind_of("gunicorn_config.py"), "gunicorn");
  EXPECT_EQ(kind_of("crm/settings.py"), "django");
  EXPECT_EQ(kind_of("crm/settings/production.py"), "django");
  EXPECT_EQ(kind_of("celeryconfig.py"), "celery");
  EXPECT_EQ(kind_of("notes.txt"), "none");
}

TEST(kind_detection, by_content) {
  EXPECT_EQ(kind_of("conf.d/10.conf", "# tuning\nmax_connections = 300\n"), "postgresql");
  EXPECT_EQ(kind_of("pool.cfg", "; x\n [databases]\napp = host=db\n"), "pgbouncer");
  EXPECT_EQ(kind_of("conf.py", "import os\nDATABASES = {}\n"), "django");
  EXPECT_EQ(kind_of("conf.py", "import os\nbroker_url = 'redis://'\n"), "celery");
  EXPECT_EQ(kind_of("conf.py", "import multiprocessing\nworkers = 4\n"), "gunicorn");
  EXPECT_EQ(kind_of("x.cfg", "hello world\n"), "none");
  EXPECT_EQ(kind_of("x.cfg", ""), "none");
}

TEST(kind_detection, launch_files_after_configuration_names) {
  EXPECT_EQ(kind_of("Dockerfile"), "dockerfile");
  EXPECT_EQ(kind_of("Procfile"), "procfile");
  EXPECT_EQ(kind_of("deploy/web@.service"), "systemd");
  EXPECT_EQ(kind_of("supervisord.conf"), "supervisord");
  EXPECT_EQ(kind_of("conf.d/web.conf", "[program:web]\ncommand=gunicorn app\n"), "supervisord");
  EXPECT_EQ(kind_of("bin/start", "#!/bin/sh\nexec gunicorn app\n"), "shell");
  EXPECT_EQ(kind_of("docker-compose.prod.yml", "services:\n  web: {}\n"), "compose");
  EXPECT_EQ(kind_of("k8s/web.yaml", "apiVersion: apps/v1\nkind: Deployment\n"), "kubernetes");
  // A configuration file's name wins over a launch-file shape.
  EXPECT_EQ(kind_of("gunicorn.conf.py", "#!/bin/sh\nworkers = 4\n"), "gunicorn");
  EXPECT_EQ(kind_of("pgbouncer.ini", "[program:x]\n"), "pgbouncer");
  // Not launch files: a .conf without `[program:`, an ini, a Python script with a shebang.
  EXPECT_EQ(kind_of("conf.d/10.conf", "max_connections = 300\n"), "postgresql");
  EXPECT_EQ(kind_of("tox.ini", "[tox]\nenvlist = py3\n"), "none");
  EXPECT_EQ(kind_of("manage", "#!/usr/bin/env python3\nimport sys\n"), "none");
}

TEST(kind_detection, launch_kinds_map_to_launchfiles_formats_both_ways) {
  for (auto f :
       {launchfiles::format::dockerfile, launchfiles::format::shell, launchfiles::format::procfile,
        launchfiles::format::systemd, launchfiles::format::supervisord,
        launchfiles::format::compose, launchfiles::format::kubernetes}) {
    const file_kind k = connplan::kind_of(f);
    EXPECT_TRUE(is_launch_kind(k));
    EXPECT_EQ(to_string(k), launchfiles::to_string(f));
    EXPECT_EQ(launch_format_of(k), f);
    EXPECT_EQ(parse_file_kind(launchfiles::to_string(f)), k);
  }
  EXPECT_FALSE(is_launch_kind(file_kind::celery));
  EXPECT_EQ(launch_format_of(file_kind::postgresql), std::nullopt);
}

}  // namespace
}  // namespace connplan
