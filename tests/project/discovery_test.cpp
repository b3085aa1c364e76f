// Discovery (issue 4): the usual names, .gitignore honoured, noise skipped, deterministic order.
#include <gtest/gtest.h>

#include "project/discovery.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::temp_dir;
using list = std::vector<std::string>;

TEST(discovery, finds_each_kind_by_its_usual_name) {
  temp_dir dir;
  for (const char* f :
       {"deploy/postgresql.conf", "deploy/pgbouncer.ini", "gunicorn_config.py", "crm/celery.py",
        "crm/settings/base.py", "crm/settings/production.py", "crm/settings/__init__.py",
        "manage.py", "crm/asgi.py", "crm/views.py", "README.md"}) {
    dir.write(f, "");
  }
  auto d = discover(project_root{dir.path(), false}, {});
  EXPECT_EQ(d.postgresql, list{"deploy/postgresql.conf"});
  EXPECT_EQ(d.pgbouncer, list{"deploy/pgbouncer.ini"});
  EXPECT_EQ(d.gunicorn, list{"gunicorn_config.py"});
  EXPECT_EQ(d.celery, list{"crm/celery.py"});
  EXPECT_EQ(d.django, (list{"crm/settings/base.py", "crm/settings/production.py"}));
  EXPECT_EQ(d.entry_points, (list{"crm/asgi.py", "manage.py"}));
  EXPECT_EQ(d.files_seen, 11u);
}

TEST(discovery, skips_ignored_hidden_virtualenv_and_vendor_directories) {
  temp_dir dir;
  dir.write(".gitignore", "local/\n*.bak.py\n");
  dir.write("local/settings.py", "");
  dir.write("old_settings.bak.py", "");
  dir.write(".hidden/settings.py", "");
  dir.write("env/pyvenv.cfg", "");
  dir.write("env/lib/python3.11/site-packages/django/conf/settings.py", "");
  dir.write("node_modules/x/gunicorn.conf.py", "");
  dir.write("app/settings.py", "");
  dir.write("legacy/settings.py", "");
  auto d = discover(project_root{dir.path(), false}, {"legacy/**"});
  EXPECT_EQ(d.django, list{"app/settings.py"});
  EXPECT_TRUE(d.gunicorn.empty());
}

TEST(discovery, stops_at_its_limit_with_cp006) {
  temp_dir dir;
  for (int i = 0; i < 30; ++i) dir.write("f" + std::to_string(i), "");
  auto d = discover(project_root{dir.path(), false}, {}, discovery_limits{10, 64});
  ASSERT_EQ(d.findings.size(), 1u);
  EXPECT_EQ(d.findings[0].code, "CP006");
}

}  // namespace
}  // namespace connplan
