#include <gtest/gtest.h>

#include "launchfiles/test_support.hpp"

namespace {

using namespace connplan::launchfiles;
using test_support::count_code;

launch_file read(const std::string& text, const std::string& name = "web.service") {
  return read_launch_file(text, name, format::systemd, {});
}

TEST(systemd, template_instance_environment_and_continuations) {
  const auto f = read(test_support::fixture("systemd/web@blue.service"), "deploy/web@blue.service");
  ASSERT_EQ(f.processes.size(), 1u);
  const auto& p = f.processes[0];
  EXPECT_EQ(p.name, "web@blue");
  // systemd.syntax(7): "lines ending in a backslash are concatenated with the following one"
  EXPECT_EQ(p.command, "/srv/venv/bin/gunicorn      --workers 3      app.wsgi");
  EXPECT_EQ(p.env.at("WEB_CONCURRENCY"), "3");
  EXPECT_EQ(p.env.at("COLOR"), "blue");  // %i: the instance name
  ASSERT_EQ(p.env_files.size(), 1u);
  EXPECT_EQ(p.env_files[0].first, "/etc/app/blue.env");
  EXPECT_EQ(p.workdir, "/srv/blue");
  EXPECT_EQ(count_code(f, "CP001"), 0);
}

TEST(systemd, empty_execstart_resets_and_prefixes_are_removed) {
  // systemd.service(5): "If the empty string is assigned to this option, the list of commands
  // to start is reset"
  const auto f = read(
      "[Service]\nExecStart=/bin/old\nExecStart=\nExecStart=-@/bin/gunicorn "
      "gunicorn-web app\n");
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_EQ(f.processes[0].command, "/bin/gunicorn app");
}

TEST(systemd, only_the_service_section_counts) {
  EXPECT_TRUE(read("[Unit]\nExecStart=/bin/gunicorn a\n").processes.empty());
}

TEST(systemd, cp001_for_a_line_without_equals) {
  EXPECT_EQ(count_code(read("[Service]\nExecStart /bin/x\n"), "CP001"), 1);
  EXPECT_EQ(count_code(read("[Service]\nExecStart=/bin/x\n"), "CP001"), 0);
}

}  // namespace
