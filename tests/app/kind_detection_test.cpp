// Kind detection for `connplan inspect`: exact names first, then content signatures.
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

}  // namespace
}  // namespace connplan
