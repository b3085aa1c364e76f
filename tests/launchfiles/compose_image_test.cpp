// apply_image: a compose service run on an image built from a Dockerfile in the repository
// (compose-spec services.md "command", "entrypoint"; docs.docker.com/reference/dockerfile
// "Understand how CMD and ENTRYPOINT interact").
#include <gtest/gtest.h>

#include "launchfiles/compose_image.hpp"
#include "launchfiles/test_support.hpp"

namespace {

using namespace connplan::launchfiles;

launched_process image(const std::string& dockerfile) {
  auto f = read_launch_file(dockerfile, "docker/Dockerfile", format::dockerfile, {});
  EXPECT_EQ(f.processes.size(), 1u);
  return f.processes.at(0);
}

launched_process service(const std::string& body) {
  auto f = read_launch_file("services:\n  s:\n    build:\n      context: docker\n" + body,
                            "compose.yml", format::compose, {});
  EXPECT_EQ(f.processes.size(), 1u);
  return f.processes.at(0);
}

TEST(compose_image, the_dockerfile_records_how_its_entrypoint_takes_a_command) {
  using use = launched_process::entrypoint_use;
  const auto exec = image("FROM x\nENTRYPOINT [\"celery\", \"-A\", \"core\"]\n");
  EXPECT_EQ(exec.entrypoint_mode, use::prepend);
  EXPECT_EQ(exec.entrypoint, (std::vector<std::string>{"celery", "-A", "core"}));
  EXPECT_EQ(exec.entrypoint_at.begin.line, 2u);
  EXPECT_EQ(image("FROM x\nENTRYPOINT celery worker\n").entrypoint_mode, use::ignore);
  // A script entrypoint is taken to end in `exec "$@"`: the command runs as given.
  EXPECT_EQ(
      image("FROM x\nENTRYPOINT [\"/docker-entrypoint.sh\"]\nCMD [\"gunicorn\"]\n").entrypoint_mode,
      use::pass_through);
  EXPECT_EQ(image("FROM x\nCMD [\"gunicorn\"]\n").entrypoint_mode, use::pass_through);
}

TEST(compose_image, the_compose_service_builds_the_dockerfile_it_names) {
  EXPECT_EQ(service("").dockerfile, "docker/Dockerfile");
}

TEST(compose_image, command_is_appended_to_an_exec_form_entrypoint) {
  auto s = service("    command: -A core worker -c 3\n");
  EXPECT_TRUE(detail::needs_image_entrypoint(s));
  detail::apply_image(s, image("FROM x\nENTRYPOINT [\"celery\"]\n"));
  EXPECT_EQ(s.command, "celery -A core worker -c 3");
  EXPECT_EQ(s.command_at.file, "compose.yml");  // the flags are in the compose file
  EXPECT_FALSE(detail::needs_image_entrypoint(s));
}

TEST(compose_image, without_command_the_image_command_and_env_apply) {
  auto s = service("    environment:\n      A: \"from-compose\"\n");
  detail::apply_image(s, image("FROM x\nENV A=image B=image\nWORKDIR /srv\n"
                               "CMD [\"gunicorn\", \"app.wsgi\"]\n"));
  EXPECT_EQ(s.command, "gunicorn app.wsgi");
  EXPECT_EQ(s.command_at.file, "docker/Dockerfile");
  EXPECT_EQ(s.env.at("A"), "from-compose");
  EXPECT_EQ(s.env.at("B"), "image");
  EXPECT_EQ(s.env_at.at("B").file, "docker/Dockerfile");
  EXPECT_EQ(s.workdir, "/srv");
}

TEST(compose_image, a_compose_entrypoint_drops_the_images_entrypoint_and_cmd) {
  auto s = service("    entrypoint: gunicorn\n    command: app.wsgi\n");
  detail::apply_image(s, image("FROM x\nENTRYPOINT [\"celery\"]\nCMD [\"worker\"]\n"));
  EXPECT_EQ(s.command, "gunicorn app.wsgi");
  EXPECT_FALSE(detail::needs_image_entrypoint(s));
}

TEST(compose_image, a_shell_form_entrypoint_ignores_the_command) {
  auto s = service("    command: -w 9\n");
  detail::apply_image(s, image("FROM x\nENTRYPOINT gunicorn app.wsgi -w 3\n"));
  EXPECT_EQ(s.command, "gunicorn app.wsgi -w 3");
  EXPECT_EQ(s.command_at.file, "docker/Dockerfile");
}

TEST(compose_image, a_command_with_its_program_needs_no_entrypoint) {
  auto s = service("    command: gunicorn app.wsgi\n");
  EXPECT_FALSE(detail::needs_image_entrypoint(s));
  detail::apply_image(s, image("FROM x\nCMD [\"celery\", \"worker\"]\n"));
  EXPECT_EQ(s.command, "gunicorn app.wsgi");  // `command:` replaces CMD
}

// The report cites the image's ENV at the variable's own line of a continued ENV.
TEST(compose_image, image_env_is_located_at_its_variable) {
  auto s = service("");
  detail::apply_image(s, image("FROM x\nENV A=1 \\\n    XB=0 \\\n    B=2\nCMD [\"gunicorn\"]\n"));
  EXPECT_EQ(s.env_at.at("A").begin.line, 2u);
  EXPECT_EQ(s.env_at.at("B").begin.line, 4u);  // not inside `XB=`
  EXPECT_EQ(s.env_at.at("B").begin.column, 5u);
}

// Word places move with the words when the ENTRYPOINT is put in front.
TEST(compose_image, word_places_follow_the_prepended_entrypoint) {
  auto s = service("    command: -A core worker -c 3\n");
  s.command_words = {{0, s.command_at}};
  detail::apply_image(s, image("FROM x\nENTRYPOINT [\"celery\"]\n"));
  ASSERT_EQ(s.command_words.size(), 1u);
  EXPECT_EQ(s.command_words[0].first, std::string("celery ").size());
  EXPECT_EQ(s.command.substr(s.command_words[0].first, 2), "-A");
}

}  // namespace
