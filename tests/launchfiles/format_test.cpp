#include <gtest/gtest.h>

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

}  // namespace
