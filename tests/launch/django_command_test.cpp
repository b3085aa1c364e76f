// manage.py / django-admin (django/core/management/__init__.py `ManagementUtility.execute`).
#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::flag_text;
using testing::only_command;

TEST(django_command, runserver_and_other_commands) {
  // "subcommand = self.argv[1]".
  const auto r =
      only_command("python manage.py runserver 0.0.0.0:8000 --noreload --settings=p.prod");
  EXPECT_EQ(r.subcommand, "runserver");
  EXPECT_EQ(flag_text(r, "addrport"), "0.0.0.0:8000");
  EXPECT_EQ(flag_text(r, "noreload"), "true");
  EXPECT_EQ(flag_text(r, "settings"), "p.prod");
  const auto m = only_command("python manage.py migrate --noinput");
  EXPECT_EQ(m.subcommand, "migrate");
  EXPECT_FALSE(m.flags.contains("addrport"));
  EXPECT_EQ(only_command("django-admin check --settings x.y").flags.at("settings").value.text,
            "x.y");
}

}  // namespace
}  // namespace connplan::launch
