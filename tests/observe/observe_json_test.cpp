#include "observe/observe_json.hpp"

#include <gtest/gtest.h>

#include "analyse_support.hpp"

namespace connplan::observe {
namespace {

// CONTRACTS §6 "observe": "server": {name, max_connections, usable, observed, peak}, "services":
// [{name, predicted_worst_case, predicted_steady_state, observed, peak, observed_by_state}],
// "unaccounted", "pgbouncers": [{name, pools: [{database, user, cl_active, cl_waiting, sv_active,
// sv_idle, maxwait}]}], "findings".
TEST(observe_json, has_the_contract_members) {
  peaks running;
  auto o = analyse(testing::sample_expectations(), testing::sample_snapshot(), running);
  auto doc = to_json(o, o.findings);
  EXPECT_EQ(doc.at("server"), (nlohmann::json{{"name", "main"},
                                              {"max_connections", 40},
                                              {"usable", 37},
                                              {"observed", 8},
                                              {"peak", 8}}));
  const auto& web = doc.at("services").at(0);
  EXPECT_EQ(web.at("name"), "web");
  EXPECT_EQ(web.at("predicted_worst_case"), 2);
  EXPECT_EQ(web.at("predicted_steady_state"), 0);
  EXPECT_EQ(web.at("observed"), 3);
  EXPECT_EQ(web.at("peak"), 3);
  const auto& states = web.at("observed_by_state");
  EXPECT_EQ(states.size(), 7u);
  for (const char* s : {"active", "idle", "idle in transaction", "idle in transaction (aborted)",
                        "fastpath function call", "disabled", "unknown"})
    EXPECT_TRUE(states.contains(s)) << s;
  EXPECT_EQ(states.at("idle"), 2);
  EXPECT_EQ(doc.at("unaccounted"), (nlohmann::json::array({{{"application_name", "adhoc"},
                                                            {"usename", "postgres"},
                                                            {"datname", "postgres"},
                                                            {"client_addr", "127.0.0.1"},
                                                            {"state", "idle"},
                                                            {"count", 1}}})));
  EXPECT_EQ(doc.at("pgbouncers"),
            (nlohmann::json::array({{{"name", "bouncer"},
                                     {"pools", nlohmann::json::array({{{"database", "appdb"},
                                                                       {"user", "app"},
                                                                       {"cl_active", 2},
                                                                       {"cl_waiting", 0},
                                                                       {"sv_active", 2},
                                                                       {"sv_idle", 0},
                                                                       {"maxwait", 0}}})}}})));
  EXPECT_EQ(doc.at("findings").size(), o.findings.size());
  EXPECT_EQ(doc.at("findings").at(0).at("code"), o.findings.at(0).code);
}

TEST(observe_json, unknown_predictions_and_unix_sockets_are_null) {
  auto e = testing::sample_expectations();
  e.services[0].worst_case.reset();
  e.services[0].steady_state.reset();
  auto s = testing::sample_snapshot();
  s.server.backends.back().client_addr.reset();
  peaks running;
  auto o = analyse(e, s, running);
  auto doc = to_json(o, {});
  EXPECT_TRUE(doc.at("services").at(0).at("predicted_worst_case").is_null());
  EXPECT_TRUE(doc.at("services").at(0).at("predicted_steady_state").is_null());
  EXPECT_TRUE(doc.at("unaccounted").at(0).at("client_addr").is_null());
  EXPECT_TRUE(doc.at("findings").empty());
}

}  // namespace
}  // namespace connplan::observe
