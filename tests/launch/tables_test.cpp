// The generated option tables hold what the programs define (scripts/gen_launch_tables.py).
#include <gtest/gtest.h>

#include "launch/tables.hpp"

namespace connplan::launch::detail {
namespace {

const argparse_option* find(std::span<const argparse_option> t, std::string_view dest) {
  for (const auto& a : t)
    if (a.dest == dest) return &a;
  return nullptr;
}

TEST(tables, gunicorn_rows_the_planner_needs) {
  for (const auto& v : gunicorn_known_versions()) {
    const auto t = gunicorn_table(v);
    // gunicorn/config.py: Bind "action = 'append'", Workers "type = int", PreloadApp store_true.
    ASSERT_NE(find(t, "bind"), nullptr);
    EXPECT_EQ(find(t, "bind")->action, arg_action::append);
    EXPECT_EQ(find(t, "workers")->type, arg_type::int_);
    EXPECT_EQ(find(t, "workers")->strings, "-w|--workers");
    EXPECT_EQ(find(t, "preload_app")->action, arg_action::store_true);
    EXPECT_EQ(find(t, "raw_env")->strings, "-e|--env");
    EXPECT_EQ(find(t, "args")->nargs, "*");
  }
  EXPECT_EQ(find(gunicorn_table("20.1"), "header_map"), nullptr);
  EXPECT_NE(find(gunicorn_table("22.0"), "header_map"), nullptr);
}

TEST(tables, celery_worker_rows) {
  const auto& w = celery_worker_table("5.2");
  auto it = std::find_if(w.begin(), w.end(), [](const click_param& p) { return p.name == "pool"; });
  ASSERT_NE(it, w.end());
  EXPECT_EQ(it->default_json, "\"prefork\"");  // `-P/--pool default='prefork'`
  EXPECT_EQ(split_bar("-c|--concurrency").size(), 2u);
  const auto& w54 = celery_worker_table("5.4");
  auto o = std::find_if(w54.begin(), w54.end(),
                        [](const click_param& p) { return p.name == "optimization"; });
  EXPECT_EQ(o->opts, "-O|--optimization");
  EXPECT_FALSE(uvicorn_table().empty());
}

}  // namespace
}  // namespace connplan::launch::detail
