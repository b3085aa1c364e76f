#include "observe/analyse.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "analyse_support.hpp"

namespace connplan::observe {
namespace {

using testing::row;
using testing::sample_expectations;
using testing::sample_snapshot;

std::vector<std::string> codes(const observation& o) {
  std::vector<std::string> out;
  for (const auto& f : o.findings) out.push_back(f.code);
  std::sort(out.begin(), out.end());
  return out;
}

const finding* find_code(const observation& o, std::string_view code) {
  for (const auto& f : o.findings)
    if (f.code == code) return &f;
  return nullptr;
}

TEST(group_backends, groups_by_client_and_state_and_sorts) {
  auto a = row(1, "b", "idle");
  auto b = row(2, "a", "idle");
  auto c = row(3, "b", "idle");
  auto d = row(4, "b", "");
  auto g = group_backends({a, b, c, d});
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].application_name, "a");
  EXPECT_EQ(g[1].application_name, "b");
  EXPECT_EQ(g[1].state, "idle");
  EXPECT_EQ(g[1].count, 2);
  EXPECT_EQ(g[2].state, "unknown");  // NULL state
}

// monitoring.sgml lists the states; a state outside the list counts as unknown.
TEST(state_name, null_and_unlisted_states_are_unknown) {
  EXPECT_EQ(state_name(""), "unknown");
  EXPECT_EQ(state_name("idle in transaction (aborted)"), "idle in transaction (aborted)");
  EXPECT_EQ(state_name("something new"), "unknown");
}

TEST(analyse, counts_services_unaccounted_and_pgbouncer) {
  peaks running;
  auto o = analyse(sample_expectations(), sample_snapshot(), running);
  EXPECT_EQ(o.server.name, "main");
  EXPECT_EQ(o.server.max_connections, 40);
  EXPECT_EQ(o.server.usable, 37);
  EXPECT_EQ(o.server.observed, 8);
  ASSERT_EQ(o.services.size(), 3u);
  EXPECT_EQ(o.services[0].observed, 3);
  EXPECT_EQ(o.services[0].by_state.at("idle"), 2);
  EXPECT_EQ(o.services[0].by_state.at("active"), 1);
  EXPECT_EQ(o.services[1].observed, 2);
  EXPECT_EQ(o.services[1].by_state.at("idle in transaction"), 1);
  // api: from SHOW CLIENTS, each in the state of its paired backend (301 idle, 302 active).
  EXPECT_EQ(o.services[2].observed, 2);
  EXPECT_EQ(o.services[2].by_state.at("idle"), 1);
  EXPECT_EQ(o.services[2].by_state.at("active"), 1);
  ASSERT_EQ(o.unaccounted.size(), 1u);
  EXPECT_EQ(o.unaccounted[0].application_name, "adhoc");
  ASSERT_EQ(o.pgbouncers.size(), 1u);
  EXPECT_EQ(o.pgbouncers[0].server_connections, 2);
  ASSERT_EQ(o.pgbouncers[0].pools.size(), 1u);  // the admin console's pool is left out
  EXPECT_EQ(o.pgbouncers[0].pools[0].database, "appdb");
}

TEST(analyse, role_and_database_limits_count_their_backends) {
  auto s = sample_snapshot();
  s.server.role_limits["app"] = 10;
  s.server.database_limits["postgres"] = 5;
  peaks running;
  auto o = analyse(sample_expectations(), s, running);
  ASSERT_EQ(o.limits.size(), 2u);
  EXPECT_EQ(o.limits[0].kind, "role");
  EXPECT_EQ(o.limits[0].open, 7);  // every backend but adhoc's is the role app's
  EXPECT_EQ(o.limits[1].kind, "database");
  EXPECT_EQ(o.limits[1].open, 1);
}

TEST(analyse, first_service_in_file_order_wins) {
  auto e = sample_expectations();
  e.services[1].match.application_name = "*";  // worker now matches everything after web
  peaks running;
  auto o = analyse(e, sample_snapshot(), running);
  EXPECT_EQ(o.services[0].observed, 3);
  // celery ×2 + adhoc from pg_stat_activity, and api's 2 PgBouncer clients; PgBouncer's own
  // server connections (301, 302) stay its own.
  EXPECT_EQ(o.services[1].observed, 5);
  EXPECT_EQ(o.services[2].observed, 0);  // api's clients went to worker first
  EXPECT_TRUE(o.unaccounted.empty());
}

TEST(analyse, peaks_keep_the_highest_count) {
  peaks running;
  auto s = sample_snapshot();
  (void)analyse(sample_expectations(), s, running);
  s.server.backends.erase(s.server.backends.begin());  // one web connection closes
  auto o = analyse(sample_expectations(), s, running);
  EXPECT_EQ(o.services[0].observed, 2);
  EXPECT_EQ(o.services[0].peak, 3);
  EXPECT_EQ(o.server.observed, 7);
  EXPECT_EQ(o.server.peak, 8);
}

TEST(cp901, fires_above_the_worst_case_and_not_at_it) {
  peaks running;
  auto o = analyse(sample_expectations(), sample_snapshot(), running);
  const finding* f = find_code(o, "CP901");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "service web has 3 connections open, above its predicted worst case of 2");
  EXPECT_EQ(f->service, "web");
  ASSERT_TRUE(f->location);
  EXPECT_EQ(f->location->begin.line, 10u);
  auto e = sample_expectations();
  e.services[0].worst_case = 3;
  peaks again;
  EXPECT_EQ(find_code(analyse(e, sample_snapshot(), again), "CP901"), nullptr);
  e.services[0].worst_case.reset();  // unbounded: nothing to compare with
  EXPECT_EQ(find_code(analyse(e, sample_snapshot(), again), "CP901"), nullptr);
}

TEST(cp902, fires_for_connections_no_match_selects) {
  peaks running;
  auto o = analyse(sample_expectations(), sample_snapshot(), running);
  const finding* f = find_code(o, "CP902");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message,
            "1 connection (application_name \"adhoc\", user \"postgres\", database \"postgres\", "
            "from \"127.0.0.1\") matches no service's [[service]] match");
  EXPECT_FALSE(f->location);
  auto e = sample_expectations();
  service_expectation adhoc{"adhoc", 1, 1, {}, std::nullopt};
  adhoc.match.usename = "postgres";
  e.services.push_back(adhoc);
  EXPECT_EQ(find_code(analyse(e, sample_snapshot(), running), "CP902"), nullptr);
}

TEST(cp903, fires_past_the_threshold_with_pid_age_and_sql) {
  peaks running;
  auto o = analyse(sample_expectations(), sample_snapshot(), running);
  const finding* f = find_code(o, "CP903");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message,
            "backend pid 202 (application_name \"celery\", user \"app\", database \"appdb\") has "
            "been idle in transaction for 90 s, in a transaction open for 95 s");
  EXPECT_EQ(f->service, "worker");
  ASSERT_FALSE(f->notes.empty());
  EXPECT_NE(f->notes[0].find("SELECT pg_terminate_backend(202);"), std::string::npos);
  auto e = sample_expectations();
  e.idle_in_transaction_after = 120;
  EXPECT_EQ(find_code(analyse(e, sample_snapshot(), running), "CP903"), nullptr);
}

TEST(cp904, fires_above_warn_percent_of_usable) {
  auto e = sample_expectations();
  peaks running;
  EXPECT_EQ(find_code(analyse(e, sample_snapshot(), running), "CP904"), nullptr);  // 8 ≤ 29.6
  e.warn_percent = 20;                                                             // 8 > 7.4
  auto o = analyse(e, sample_snapshot(), running);
  const finding* f = find_code(o, "CP904");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->message, "8 connections are open on main, above 20% of its 37 usable slots");
  ASSERT_TRUE(f->location);
  EXPECT_EQ(f->location->file, "postgresql.conf");
}

TEST(cp905, fires_for_a_differing_live_value_only) {
  peaks running;
  auto o = analyse(sample_expectations(), sample_snapshot(), running);
  std::vector<const finding*> found;
  for (const auto& f : o.findings)
    if (f.code == "CP905") found.push_back(&f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->message, "work_mem is 8MB on the running server but 4MB in postgresql.conf");
  EXPECT_EQ(found[0]->location->begin.line, 2u);
  auto s = sample_snapshot();
  s.server.settings["work_mem"] = {"4096", "kB"};
  EXPECT_EQ(find_code(analyse(sample_expectations(), s, running), "CP905"), nullptr);
}

TEST(analyse, all_codes_of_the_sample) {
  peaks running;
  EXPECT_EQ(codes(analyse(sample_expectations(), sample_snapshot(), running)),
            (std::vector<std::string>{"CP901", "CP902", "CP903", "CP905"}));
}

}  // namespace
}  // namespace connplan::observe
