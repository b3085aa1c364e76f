#include <gtest/gtest.h>

#include "launchfiles/test_support.hpp"

namespace {

using namespace connplan::launchfiles;
using test_support::count_code;

TEST(procfile, one_process_per_type) {
  // devcenter.heroku.com "The Procfile": "<process type>: <command>"
  const auto f = read_launch_file(test_support::fixture("procfile/Procfile"), "Procfile",
                                  format::procfile, {});
  ASSERT_EQ(f.processes.size(), 2u);
  EXPECT_EQ(f.processes[0].name, "web");
  EXPECT_EQ(f.processes[0].command, "gunicorn app.wsgi --workers ${WEB_CONCURRENCY:-2}");
  EXPECT_EQ(f.processes[0].command_at.begin.line, 2u);
  EXPECT_EQ(f.processes[0].command_at.begin.column, 6u);
  EXPECT_EQ(f.processes[1].name, "worker");
  EXPECT_EQ(count_code(f, "CP001"), 0);
}

TEST(procfile, crlf_and_a_repeated_type) {
  const auto f =
      read_launch_file("web: gunicorn a\r\nweb: gunicorn b\r\n", "Procfile", format::procfile, {});
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_EQ(f.processes[0].command, "gunicorn b");
}

TEST(procfile, cp001_for_a_line_heroku_ignores) {
  const auto f = read_launch_file("web gunicorn a\nweb:\n", "Procfile", format::procfile, {});
  EXPECT_EQ(count_code(f, "CP001"), 2);
  EXPECT_TRUE(f.processes.empty());
}

}  // namespace
