#include "observe/observe_text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace connplan::observe {

namespace {

std::string or_dash(const std::optional<long long>& n) {
  return n ? std::to_string(*n) : std::string("-");
}

// "idle 3, idle in transaction 1": the states with connections, in backend_states order.
std::string states_of(const std::map<std::string, long long>& by_state) {
  std::string out;
  for (const char* st : backend_states) {
    auto it = by_state.find(st);
    if (it == by_state.end() || it->second == 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", st, it->second);
  }
  return out.empty() ? "-" : out;
}

std::string location_of(const finding& f) {
  if (!f.location) return "";
  return fmt::format("{}:{}:{}: ", f.location->file, f.location->begin.line,
                     f.location->begin.column);
}

}  // namespace

std::string render_text(const observation& o, const std::vector<finding>& findings) {
  std::string out;
  const auto& s = o.server;
  out += fmt::format("server {}: {} connections open (peak {}), {} usable of max_connections {}\n",
                     s.name, s.observed, s.peak, s.usable, s.max_connections);

  for (const auto& l : o.limits) {
    out +=
        fmt::format("{} {}: {} of its connection limit {} open\n", l.kind, l.name, l.open, l.limit);
  }

  std::size_t width = 7;
  for (const auto& svc : o.services) width = std::max(width, svc.name.size());
  out += fmt::format("\n{:<{}}  {:>5}  {:>6}  {:>8}  {:>4}  {}\n", "service", width, "worst",
                     "steady", "observed", "peak", "states");
  for (const auto& svc : o.services) {
    out += fmt::format("{:<{}}  {:>5}  {:>6}  {:>8}  {:>4}  {}\n", svc.name, width,
                       or_dash(svc.worst_case), or_dash(svc.steady_state), svc.observed, svc.peak,
                       states_of(svc.by_state));
  }

  if (!o.unaccounted.empty()) {
    out += "\nunaccounted connections (no service's match):\n";
    for (const auto& g : o.unaccounted) {
      out += fmt::format("  {:>4}  application_name \"{}\", user \"{}\", database \"{}\", {}, {}\n",
                         g.count, g.application_name, g.usename, g.datname,
                         g.client_addr ? "from " + *g.client_addr : std::string("Unix socket"),
                         g.state);
    }
  }

  for (const auto& p : o.pgbouncers) {
    out += fmt::format("\npgbouncer {}: {} server connections on {}\n", p.name,
                       p.server_connections, s.name);
    out += fmt::format("  {:<20} {:<16} {:>9} {:>10} {:>9} {:>7} {:>7}  {}\n", "database", "user",
                       "cl_active", "cl_waiting", "sv_active", "sv_idle", "maxwait",
                       "planned clients/servers");
    for (const auto& pool : p.pools) {
      std::string planned = "-";
      for (const auto& pp : p.planned) {
        if (pp.database == pool.database && pp.user == pool.user)
          planned = fmt::format("{}/{}", or_dash(pp.clients), or_dash(pp.server_connections));
      }
      out += fmt::format("  {:<20} {:<16} {:>9} {:>10} {:>9} {:>7} {:>6}s  {}\n", pool.database,
                         pool.user, pool.cl_active, pool.cl_waiting, pool.sv_active, pool.sv_idle,
                         pool.maxwait, planned);
    }
  }

  out += "\n";
  for (const auto& f : findings) {
    out += fmt::format("{}{}: {} [{}]\n", location_of(f), to_string(f.severity), f.message, f.code);
    for (const auto& n : f.notes) out += fmt::format("  note: {}\n", n);
  }
  int errors = 0, warnings = 0, infos = 0;
  for (const auto& f : findings) {
    if (f.severity == severity::error) ++errors;
    if (f.severity == severity::warning) ++warnings;
    if (f.severity == severity::info) ++infos;
  }
  out += fmt::format("{} error{}, {} warning{}, {} info\n", errors, errors == 1 ? "" : "s",
                     warnings, warnings == 1 ? "" : "s", infos);
  return out;
}

}  // namespace connplan::observe
