// `check --write-baseline FILE` and `check --baseline FILE` (docs/baseline.md).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::run_connplan;
using testing::temp_dir;

constexpr const char* toml =
    "[[service]]\nname = \"web\"\nkind = \"gunicorn\"\nconfig = \"gunicorn.conf.py\"\n";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json check_json(const temp_dir& dir, const std::vector<std::string>& extra) {
  std::vector<std::string> args{"check", "--format", "json", "--fail-level", "never"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(".");
  auto r = run_connplan(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

TEST(baseline, write_then_check_absorbs_every_finding_and_exits_0) {
  temp_dir dir;
  dir.write("connplan.toml", toml);
  dir.write("gunicorn.conf.py", "workers = 2\nwokers = 3\nmax_requests = 100\n");
  // Writing a baseline still reports and exits as usual.
  auto written = run_connplan({"check", "--write-baseline", "baseline.json", "."}, dir.path());
  EXPECT_EQ(written.exit_code, 1) << written.err;
  EXPECT_NE(written.out.find("CP301"), std::string::npos);
  const std::string first = slurp(dir.path() / "baseline.json");
  auto doc = nlohmann::json::parse(first);
  EXPECT_EQ(doc["kind"], "baseline");
  EXPECT_EQ(doc["findings"].size(), 2u);
  // Deterministic: a second run writes the same bytes.
  (void)run_connplan({"check", "--write-baseline", "baseline.json", "."}, dir.path());
  EXPECT_EQ(slurp(dir.path() / "baseline.json"), first);

  auto r = run_connplan({"check", "--baseline", "baseline.json", "."}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("2 baselined"), std::string::npos) << r.out;
  auto json = check_json(dir, {"--baseline", "baseline.json"});
  EXPECT_TRUE(json["findings"].empty());
  EXPECT_EQ(json["summary"]["baselined"], 2);
}

TEST(baseline, survives_moved_lines_and_unrelated_edits_but_not_a_new_finding) {
  temp_dir dir;
  dir.write("connplan.toml", toml);
  dir.write("gunicorn.conf.py", "workers = 2\nwokers = 3\n");
  (void)run_connplan({"check", "--write-baseline", "baseline.json", "."}, dir.path());
  // Lines inserted above, an unrelated setting changed: the finding moved from line 2 to 5.
  dir.write("gunicorn.conf.py",
            "# tuned for the new host\nimport os\n\nworkers = 8\nwokers = 3\ntimeout = 60\n");
  auto moved = check_json(dir, {"--baseline", "baseline.json"});
  EXPECT_TRUE(moved["findings"].empty()) << moved.dump();
  EXPECT_EQ(moved["summary"]["baselined"], 1);
  // A new unknown setting is a new finding: reported, and it fails the run.
  dir.write("gunicorn.conf.py", "workers = 8\nwokers = 3\nthredas = 4\n");
  auto fresh = check_json(dir, {"--baseline", "baseline.json"});
  ASSERT_EQ(fresh["findings"].size(), 1u);
  EXPECT_EQ(fresh["findings"][0]["location"]["line"], 3);
  EXPECT_EQ(run_connplan({"check", "--baseline", "baseline.json", "."}, dir.path()).exit_code, 1);
}

TEST(baseline, one_entry_absorbs_one_finding) {
  temp_dir dir;
  dir.write("postgresql.conf", "max_connections = 100\nmax_connections = 200\n");
  (void)run_connplan({"check", "--write-baseline", "b.json", "."}, dir.path());
  auto before = check_json(dir, {"--baseline", "b.json"});
  EXPECT_TRUE(before["findings"].empty()) << before.dump();
  // The same shadowing once more: the same fingerprint, which the one entry cannot absorb twice.
  dir.write("postgresql.conf",
            "max_connections = 100\nmax_connections = 150\nmax_connections = 200\n");
  auto after = check_json(dir, {"--baseline", "b.json"});
  ASSERT_EQ(after["findings"].size(), 1u) << after.dump();
  EXPECT_EQ(after["findings"][0]["code"], "CP503");
  // Every entry (CP503 once, and CP504 for the unset timeout) absorbed one finding.
  const auto entries = nlohmann::json::parse(slurp(dir.path() / "b.json"))["findings"];
  EXPECT_EQ(after["summary"]["baselined"], entries.size());
}

TEST(baseline, missing_or_malformed_baseline_is_exit_2_with_file_and_message) {
  temp_dir dir;
  dir.write("connplan.toml", toml);
  dir.write("gunicorn.conf.py", "workers = 2\n");
  auto missing = run_connplan({"check", "--baseline", "nope.json", "."}, dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json: "), std::string::npos) << missing.err;
  dir.write("bad.json", "{\"schema_version\": 1, \"kind\": \"check\", \"findings\": []}");
  auto bad = run_connplan({"check", "--baseline", "bad.json", "."}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.json: is not a connplan baseline"), std::string::npos) << bad.err;
  dir.write("broken.json", "{\"schema_version\": 1,");
  EXPECT_EQ(run_connplan({"check", "--baseline", "broken.json", "."}, dir.path()).exit_code, 2);
}

}  // namespace
}  // namespace connplan
