#include "app/report_document.hpp"

#include <cmath>

#include "app/document.hpp"
#include "connplan/json_io.hpp"

namespace connplan {

using nlohmann::json;

namespace {

json optional_int(const std::optional<long long>& v) {
  return v ? json(*v) : json(nullptr);
}

json sources_json(const std::vector<source>& sources) {
  json out = json::array();
  for (const auto& s : sources) out.push_back(to_json(s));
  return out;
}

json findings_json(const std::vector<finding>& findings) {
  json out = json::array();
  for (const auto& f : findings) out.push_back(to_json(f));
  return out;
}

json summary_json(const engine::summary& s) {
  return json{{"error", s.error},
              {"warning", s.warning},
              {"info", s.info},
              {"suppressed", s.suppressed},
              {"baselined", s.baselined}};
}

// Headroom is printed with one decimal: a stable text form for snapshots and bots alike.
json percent(const std::optional<double>& v) {
  if (!v) return nullptr;
  return std::round(*v * 10.0) / 10.0;
}

}  // namespace

json check_document(const std::vector<finding>& findings, const engine::summary& summary,
                    const project_root& root) {
  json doc = document_header("check", root);
  doc["findings"] = findings_json(findings);
  doc["summary"] = summary_json(summary);
  return doc;
}

json report_document(const plan::result& plan, const std::vector<assumption>& assumptions,
                     const std::vector<finding>& findings, const engine::summary& summary,
                     const project_root& root) {
  json doc = document_header("report", root);
  doc["findings"] = findings_json(findings);
  doc["summary"] = summary_json(summary);

  json servers = json::array();
  for (const auto& s : plan.servers) {
    json contributions = json::array();
    for (const auto& c : s.contributions) {
      contributions.push_back(json{{"kind", c.kind},
                                   {"name", c.name},
                                   {"connections", optional_int(c.connections)},
                                   {"unbounded", c.unbounded},
                                   {"formula", c.formula},
                                   {"sources", sources_json(c.sources)}});
    }
    servers.push_back(json{{"name", s.name},
                           {"max_connections", s.max_connections},
                           {"superuser_reserved_connections", s.superuser_reserved_connections},
                           {"reserved_connections", s.reserved_connections},
                           {"operations", s.operations},
                           {"usable", s.usable},
                           {"demand", optional_int(s.demand)},
                           {"unbounded", s.unbounded},
                           {"unbounded_reasons", s.unbounded_reasons},
                           {"steady_state", optional_int(s.steady_state)},
                           {"reload_peak", optional_int(s.reload_peak)},
                           {"headroom_percent", percent(s.headroom_percent)},
                           {"contributions", std::move(contributions)}});
  }
  doc["servers"] = std::move(servers);

  json services = json::array();
  for (const auto& s : plan.services) {
    json route = json::object();
    for (const auto& [alias, target] : s.route) route[alias] = target;
    services.push_back(json{{"name", s.name},
                            {"kind", plan::to_string(s.kind)},
                            {"replicas", optional_int(s.replicas)},
                            {"processes_per_replica", optional_int(s.processes_per_replica)},
                            {"concurrency_per_process", optional_int(s.concurrency_per_process)},
                            {"aliases", s.aliases},
                            {"route", std::move(route)},
                            {"per_replica", optional_int(s.per_replica)},
                            {"total", optional_int(s.total)},
                            {"steady_state", optional_int(s.steady_state)},
                            {"unbounded", s.unbounded},
                            {"formula", s.formula},
                            {"sources", sources_json(s.sources)}});
  }
  doc["services"] = std::move(services);

  json pgbouncers = json::array();
  for (const auto& b : plan.pgbouncers) {
    json pools = json::array();
    for (const auto& p : b.pools) {
      pools.push_back(json{{"database", p.database},
                           {"user", p.user},
                           {"pool_size", p.pool_size},
                           {"reserve", p.reserve},
                           {"clients", optional_int(p.clients)},
                           {"server_connections", optional_int(p.server_connections)},
                           {"ceiling", p.ceiling}});
    }
    pgbouncers.push_back(json{{"name", b.name},
                              {"server", b.server},
                              {"instances", b.instances},
                              {"client_demand", optional_int(b.client_demand)},
                              {"max_client_conn", b.max_client_conn},
                              {"server_connections", optional_int(b.server_connections)},
                              {"ceiling", b.ceiling},
                              {"pools", std::move(pools)}});
  }
  doc["pgbouncers"] = std::move(pgbouncers);

  json suggestions = json::array();
  for (const auto& s : plan.suggestions) {
    suggestions.push_back(json{{"service", s.service},
                               {"knob", s.knob},
                               {"current", s.current},
                               {"max_that_fits", s.max_that_fits},
                               {"message", s.message}});
  }
  doc["suggestions"] = std::move(suggestions);

  json assumed = json::array();
  for (const auto& a : assumptions) {
    assumed.push_back(
        json{{"name", a.name}, {"value", a.value}, {"origin", a.origin}, {"used_by", a.used_by}});
  }
  doc["assumptions"] = std::move(assumed);
  return doc;
}

}  // namespace connplan
