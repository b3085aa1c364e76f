// The readable plan: headroom bar, summary line, and one whole small report.
#include <gtest/gtest.h>

#include "app/report_text.hpp"

namespace connplan {
namespace {

TEST(report_text, usage_bar_fills_in_proportion_and_marks_overflow) {
  EXPECT_EQ(usage_bar(0, 100, 10), "[..........]");
  EXPECT_EQ(usage_bar(50, 100, 10), "[#####.....]");
  EXPECT_EQ(usage_bar(51, 100, 10), "[######....]");  // any use of a cell shows
  EXPECT_EQ(usage_bar(100, 100, 10), "[##########]");
  EXPECT_EQ(usage_bar(400, 97, 10), "[##########!");
}

TEST(report_text, summary_line_counts_each_severity) {
  EXPECT_EQ(summary_line({1, 2, 0, 0, 0}), "1 error, 2 warnings, 0 infos");
  EXPECT_EQ(summary_line({0, 0, 1, 3, 2}),
            "0 errors, 0 warnings, 1 info, 3 suppressed, 2 baselined");
}

TEST(report_text, a_small_plan) {
  plan::deployment d;
  plan::server_input s;
  s.name = "postgres";
  s.max_connections =
      plan::count::known(100, source::from_file({"postgresql.conf", {5, 1}, {5, 1}}));
  s.superuser_reserved_connections = plan::count::known(3, source::default_value());
  s.reserved_connections = plan::count::known(0, source::default_value());
  s.operations = plan::count::known(0, source::default_value());
  d.servers = {s};
  plan::service_input web;
  web.name = "web";
  web.replicas = plan::count::known(1, source::default_value());
  web.processes = plan::count::known(4, source::from_file({"gunicorn.conf.py", {1, 1}, {1, 1}}));
  web.model = plan::concurrency_model::one;
  web.model_label = "sync";
  plan::alias_use a;
  a.alias = "default";
  a.target = "postgres";
  web.aliases = {a};
  web.sources = {source::from_file({"gunicorn.conf.py", {1, 1}, {1, 1}})};
  d.services = {web};
  auto r = plan::compute(d);
  source_lines lines(project_root{"/nonexistent", false}, default_file_reader(), {});
  std::string text =
      render_report_text(r, {{"replicas of web", "1", "default", {"web"}}}, {}, {}, lines);
  EXPECT_EQ(
      text,
      "PostgreSQL \"postgres\": 100 max_connections − 3 superuser_reserved_connections − 0 "
      "reserved_connections = 97 usable\n"
      "  limits from: postgresql.conf:5:1, default\n"
      "  contribution                                                   connections  sources\n"
      "  web: 1 replica × 4 workers × 1 at a time (sync) × 1 alias = 4            4  "
      "gunicorn.conf.py:1:1\n"
      "  demand        4\n"
      "  usable        97\n"
      "  headroom      [##............................] 95.9% (4 of 97 used)\n"
      "  steady state  0\n"
      "  reload peak   4\n"
      "\n"
      "What fits:\n"
      "  web: at most 77 workers fit within 80% of the 97 usable slots of postgres (now 4)\n"
      "\n"
      "Assumptions:\n"
      "  replicas of web = 1 — default; used by web\n"
      "\n"
      "0 errors, 0 warnings, 0 infos\n");
}

}  // namespace
}  // namespace connplan
