#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "connplan/launch_files.hpp"

namespace {

using namespace connplan::launchfiles;

TEST(format_of, by_name) {
  EXPECT_EQ(format_of("Dockerfile", ""), format::dockerfile);
  EXPECT_EQ(format_of("docker/Dockerfile.prod", ""), format::dockerfile);
  EXPECT_EQ(format_of("web.Dockerfile", ""), format::dockerfile);
  EXPECT_EQ(format_of("Containerfile", ""), format::dockerfile);
  EXPECT_EQ(format_of("Procfile", ""), format::procfile);
  EXPECT_EQ(format_of("Procfile.dev", ""), format::procfile);
  EXPECT_EQ(format_of("deploy/web@.service", ""), format::systemd);
  EXPECT_EQ(format_of("supervisord.conf", ""), format::supervisord);
  EXPECT_EQ(format_of("start-server.sh", ""), format::shell);
  EXPECT_EQ(format_of("bin/entrypoint", ""), format::shell);
  EXPECT_EQ(format_of("compose.yaml", ""), format::compose);
  EXPECT_EQ(format_of("docker-compose.prod.yml", ""), format::compose);
}

TEST(format_of, by_shape) {
  EXPECT_EQ(format_of("conf.d/web.conf", "; x\n[program:web]\ncommand=a\n"), format::supervisord);
  EXPECT_EQ(format_of("nginx.conf", "server {}\n"), std::nullopt);
  EXPECT_EQ(format_of("bin/start", "#!/bin/bash\nexec gunicorn\n"), format::shell);
  EXPECT_EQ(format_of("bin/start", "#! /usr/bin/env sh\n"), format::shell);
  EXPECT_EQ(format_of("bin/start", "#!/usr/bin/env python3\n"), std::nullopt);
  EXPECT_EQ(format_of("k8s/web.yaml", "apiVersion: apps/v1\nkind: Deployment\n"),
            format::kubernetes);
  EXPECT_EQ(format_of("x.yml", "services:\n  web: {}\n"), format::compose);
  EXPECT_EQ(format_of("x.yml", "a: 1\n"), std::nullopt);
  EXPECT_EQ(format_of("README.md", ""), std::nullopt);
}

TEST(format, names) {
  EXPECT_EQ(to_string(format::supervisord), "supervisord");
  EXPECT_EQ(to_string(format::kubernetes), "kubernetes");
}

// The shebang test was a std::regex until its construction showed in a cold run's profile; the
// hand-written matcher must say yes to exactly the lines the regex matched.
TEST(format_of, shebangs_as_the_regex_they_replace) {
  const std::regex shebang(R"(^#!\s*\S*/(env\s+(-\S+\s+)*)?(sh|bash|dash|ash|ksh|zsh)(\s.*)?\r?$)");
  const std::vector<std::string> gaps = {"", " ", "\t"};
  const std::vector<std::string> interpreters = {"/bin/sh",
                                                 "/bin/bash",
                                                 "/usr/bin/env",
                                                 "/usr/bin/env sh",
                                                 "/usr/bin/env  bash",
                                                 "sh",
                                                 "/bin/shx",
                                                 "/bin/",
                                                 "/usr/bin/env -S sh",
                                                 "/usr/bin/env - sh",
                                                 "/bin/zsh",
                                                 "/usr/bin/python3",
                                                 "/usr/bin/env -i -S dash",
                                                 "x/ksh",
                                                 "/bin/sh/"};
  const std::vector<std::string> tails = {"", " -e", "\r", " -eu\r", "-e", "\t-x"};
  int shells = 0;
  for (const auto& gap : gaps) {
    for (const auto& interpreter : interpreters) {
      for (const auto& tail : tails) {
        const std::string line = "#!" + gap + interpreter + tail;
        const bool expected = std::regex_match(line, shebang);
        shells += expected;
        EXPECT_EQ(format_of("bin/start", line + "\nexec gunicorn\n") == format::shell, expected)
            << line;
      }
    }
  }
  EXPECT_GT(shells, 20);  // the generated lines cover both answers
}

}  // namespace
