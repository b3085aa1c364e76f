#include "observe/observe_json.hpp"

#include "connplan/json_io.hpp"

namespace connplan::observe {

namespace {

nlohmann::json optional_number(const std::optional<long long>& n) {
  return n ? nlohmann::json(*n) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json to_json(const observation& o, const std::vector<finding>& findings) {
  nlohmann::json doc;
  doc["server"] = {{"name", o.server.name},
                   {"max_connections", o.server.max_connections},
                   {"usable", o.server.usable},
                   {"observed", o.server.observed},
                   {"peak", o.server.peak}};
  doc["services"] = nlohmann::json::array();
  for (const auto& s : o.services) {
    nlohmann::json states = nlohmann::json::object();
    for (const char* st : backend_states) {
      auto it = s.by_state.find(st);
      states[st] = it == s.by_state.end() ? 0 : it->second;
    }
    doc["services"].push_back({{"name", s.name},
                               {"predicted_worst_case", optional_number(s.worst_case)},
                               {"predicted_steady_state", optional_number(s.steady_state)},
                               {"observed", s.observed},
                               {"peak", s.peak},
                               {"observed_by_state", std::move(states)}});
  }
  doc["unaccounted"] = nlohmann::json::array();
  for (const auto& g : o.unaccounted) {
    doc["unaccounted"].push_back(
        {{"application_name", g.application_name},
         {"usename", g.usename},
         {"datname", g.datname},
         {"client_addr", g.client_addr ? nlohmann::json(*g.client_addr) : nlohmann::json(nullptr)},
         {"state", g.state},
         {"count", g.count}});
  }
  doc["pgbouncers"] = nlohmann::json::array();
  for (const auto& p : o.pgbouncers) {
    nlohmann::json pools = nlohmann::json::array();
    for (const auto& pool : p.pools) {
      pools.push_back({{"database", pool.database},
                       {"user", pool.user},
                       {"cl_active", pool.cl_active},
                       {"cl_waiting", pool.cl_waiting},
                       {"sv_active", pool.sv_active},
                       {"sv_idle", pool.sv_idle},
                       {"maxwait", pool.maxwait}});
    }
    doc["pgbouncers"].push_back({{"name", p.name}, {"pools", std::move(pools)}});
  }
  doc["findings"] = nlohmann::json::array();
  for (const auto& f : findings) doc["findings"].push_back(connplan::to_json(f));
  return doc;
}

}  // namespace connplan::observe
