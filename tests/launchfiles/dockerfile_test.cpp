#include <gtest/gtest.h>

#include "launchfiles/test_support.hpp"

namespace {

using namespace connplan::launchfiles;
using test_support::count_code;

launch_file read(const std::string& text) {
  return read_launch_file(text, "Dockerfile", format::dockerfile, {});
}

TEST(dockerfile, last_stage_env_workdir_and_entrypoint_plus_cmd) {
  const auto f = read(test_support::fixture("dockerfile/Dockerfile"));
  ASSERT_EQ(f.processes.size(), 1u);
  const auto& p = f.processes[0];
  EXPECT_EQ(p.name, "gunicorn");
  EXPECT_EQ(p.command, "ddtrace-run gunicorn -c gunicorn.conf.py app.wsgi:application");
  EXPECT_EQ(p.env.at("WEB_CONCURRENCY"), "4");  // from the ARG default
  EXPECT_EQ(p.env.at("LEGACY"), "value with spaces");
  EXPECT_EQ(p.workdir, "/srv/app");
  EXPECT_EQ(p.image, "python:3.12-slim");
  EXPECT_TRUE(f.findings.empty());
}

TEST(dockerfile, shell_form_and_last_cmd_wins) {
  const auto f = read("FROM x\nCMD [\"a\"]\nCMD gunicorn app -w ${W:-2}\n");
  EXPECT_EQ(f.processes.at(0).command, "gunicorn app -w ${W:-2}");
}

TEST(dockerfile, shell_form_entrypoint_ignores_cmd) {
  // "The shell form of ENTRYPOINT prevents any CMD command line arguments from being used"
  const auto f = read("FROM x\nENTRYPOINT exec daphne app\nCMD [\"-p\", \"1\"]\n");
  EXPECT_EQ(f.processes.at(0).command, "exec daphne app");
  EXPECT_EQ(f.processes.at(0).name, "daphne");
}

TEST(dockerfile, exec_entrypoint_with_shell_form_cmd) {
  const auto f = read("FROM x\nENTRYPOINT [\"tini\", \"--\"]\nCMD celery -A x worker\n");
  EXPECT_EQ(f.processes.at(0).command, "tini -- /bin/sh -c 'celery -A x worker'");
  EXPECT_EQ(f.processes.at(0).name, "celery-worker");
}

TEST(dockerfile, entrypoint_script_takes_the_cmd_with_a_cp804_note) {
  const auto f =
      read("FROM x\nENTRYPOINT [\"/docker-entrypoint.sh\"]\nCMD [\"gunicorn\", \"a\"]\n");
  EXPECT_EQ(f.processes.at(0).command, "gunicorn a");
  EXPECT_EQ(count_code(f, "CP804"), 1);
  EXPECT_EQ(count_code(read("FROM x\nCMD [\"gunicorn\", \"a\"]\n"), "CP804"), 0);
}

TEST(dockerfile, from_an_earlier_stage_inherits_and_escape_directive) {
  const auto f = read(
      "# escape=`\nFROM x AS base\nENV A=1\nCMD [\"gunicorn\"]\n"
      "FROM base\nRUN a `\n  b\nENV B=${A}`\n2\n");
  EXPECT_EQ(f.processes.at(0).command, "gunicorn");
  EXPECT_EQ(f.processes.at(0).env.at("B"), "12");
}

TEST(dockerfile, entrypoint_resets_an_inherited_cmd) {
  const auto f = read("FROM x AS a\nCMD [\"b\"]\nFROM a\nENTRYPOINT [\"gunicorn\"]\n");
  EXPECT_EQ(f.processes.at(0).command, "gunicorn");
}

TEST(dockerfile, cp001_for_no_from) {
  EXPECT_EQ(count_code(read("CMD [\"a\"]\n"), "CP001"), 2);
  EXPECT_EQ(count_code(read("FROM a\nCMD [\"a\"]\n"), "CP001"), 0);
}

}  // namespace
