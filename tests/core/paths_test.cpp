// CONTRACTS §1: display paths relative to the root with '/', and what lies outside the root.
#include <gtest/gtest.h>

#include <fstream>

#include "connplan/paths.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

namespace fs = std::filesystem;
using testing::temp_dir;

TEST(paths, display_is_relative_without_dot_slash) {
  project_root root{"/srv/app", false};
  EXPECT_EQ(root.display("/srv/app/deploy/postgresql.conf"), "deploy/postgresql.conf");
  EXPECT_EQ(root.display("/srv/app/./deploy/../pg.conf"), "pg.conf");
  EXPECT_EQ(root.display("/etc/postgresql/pg.conf"), "../../etc/postgresql/pg.conf");
}

TEST(paths, contains_follows_symlinks_out_of_the_root) {
  temp_dir outside;
  temp_dir dir;
  dir.write("in.conf", "");
  outside.write("out.conf", "");
  fs::create_symlink(outside.path() / "out.conf", dir.path() / "link.conf");
  project_root root{dir.path(), false};
  EXPECT_TRUE(root.contains(dir.path() / "in.conf"));
  EXPECT_TRUE(root.contains(dir.path() / "not-yet-there.conf"));
  EXPECT_FALSE(root.contains(dir.path() / "link.conf"));
  EXPECT_FALSE(root.contains(outside.path() / "out.conf"));
  EXPECT_FALSE(root.contains(dir.path() / ".." / "x.conf"));
  EXPECT_TRUE(project_root({dir.path(), true}).may_read(outside.path() / "out.conf"));
}

TEST(paths, root_is_the_nearest_config_file_then_git_then_start) {
  temp_dir dir;
  dir.write("repo/.git/HEAD", "");
  dir.write("repo/svc/connplan.toml", "");
  dir.write("repo/svc/deploy/x.conf", "");
  dir.write("repo/other/x.conf", "");
  dir.write("plain/x.conf", "");
  dir.write("py/pyproject.toml", "[tool.connplan]\n");
  dir.write("py/sub/x.conf", "");
  dir.write("py2/pyproject.toml", "[tool.black]\n");
  EXPECT_EQ(find_project_root(dir.path() / "repo/svc/deploy").dir, dir.path() / "repo/svc");
  EXPECT_EQ(find_project_root(dir.path() / "repo/other").dir, dir.path() / "repo");
  EXPECT_EQ(find_project_root(dir.path() / "py/sub").dir, dir.path() / "py");
  EXPECT_EQ(find_project_root(dir.path() / "py2").dir, dir.path() / "py2");  // the start itself
}

}  // namespace
}  // namespace connplan
