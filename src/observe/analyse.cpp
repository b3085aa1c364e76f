#include "observe/analyse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "observe/settings_compare.hpp"

namespace connplan::observe {

namespace {

std::map<std::string, long long> zero_states() {
  std::map<std::string, long long> out;
  for (const char* s : backend_states) out[s] = 0;
  return out;
}

auto group_key(const group_count& g) {
  return std::tie(g.application_name, g.usename, g.datname, g.client_addr, g.state);
}

std::optional<std::size_t> first_match(const std::vector<service_expectation>& services,
                                       const connection_identity& who) {
  for (std::size_t i = 0; i < services.size(); ++i)
    if (matches(services[i].match, who)) return i;
  return std::nullopt;
}

// PgBouncer prints "unix" as the address of a Unix-socket client (PgBouncer src/admin.c).
std::optional<std::string_view> client_address(const client_row& c) {
  if (c.addr.empty() || c.addr == "unix") return std::nullopt;
  return std::string_view(c.addr);
}

std::string quoted_or_none(const std::optional<std::string>& s) {
  return s ? fmt::format("\"{}\"", *s) : std::string("a Unix socket");
}

std::string describe(const group_count& g) {
  return fmt::format("application_name \"{}\", user \"{}\", database \"{}\", from {}",
                     g.application_name, g.usename, g.datname, quoted_or_none(g.client_addr));
}

void add_service_findings(const expectations& e, const observation& o, std::vector<finding>& out) {
  for (std::size_t i = 0; i < o.services.size(); ++i) {
    const auto& s = o.services[i];
    if (!s.worst_case || s.observed <= *s.worst_case) continue;
    finding f = make_finding(
        "CP901",
        fmt::format("service {} has {} connections open, above its predicted worst case of {}",
                    s.name, s.observed, *s.worst_case),
        e.services[i].declared_at, "service." + s.name);
    f.service = s.name;
    f.notes.push_back(
        "a consumer the model misses (a thread pool, a management command, a second settings "
        "file), a deployed configuration that is not the repository's, or a match that is too "
        "wide");
    out.push_back(std::move(f));
  }
}

void add_unaccounted_findings(const std::vector<group_count>& groups, std::vector<finding>& out) {
  // One finding per client (application, user, database, address), whatever its states.
  std::map<std::tuple<std::string, std::string, std::string, std::optional<std::string>>, long long>
      per_client;
  for (const auto& g : groups)
    per_client[{g.application_name, g.usename, g.datname, g.client_addr}] += g.count;
  for (const auto& [key, n] : per_client) {
    group_count g{std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), "", n};
    finding f =
        make_finding("CP902",
                     fmt::format("{} connection{} ({}) match{} no service's [[service]] match", n,
                                 n == 1 ? "" : "s", describe(g), n == 1 ? "es" : ""),
                     std::nullopt,
                     fmt::format("{}|{}|{}|{}", g.application_name, g.usename, g.datname,
                                 g.client_addr.value_or("")));
    f.notes.push_back(
        "add a [[service]] with a match for this client to connplan.toml, or find who opens "
        "these connections: the plan does not count them");
    out.push_back(std::move(f));
  }
}

void add_idle_transaction_findings(const expectations& e, const snapshot& live,
                                   const std::map<long long, std::string>& service_of_pid,
                                   std::vector<finding>& out) {
  std::vector<const backend_row*> old;
  for (const auto& b : live.server.backends) {
    if (!b.state.starts_with("idle in transaction")) continue;
    if (b.state_age_seconds < e.idle_in_transaction_after) continue;
    old.push_back(&b);
  }
  std::sort(old.begin(), old.end(),
            [](const backend_row* a, const backend_row* b) { return a->pid < b->pid; });
  for (const auto* b : old) {
    const auto svc = service_of_pid.find(b->pid);
    std::optional<source_location> at;
    if (svc != service_of_pid.end()) {
      for (const auto& s : e.services)
        if (s.name == svc->second) at = s.declared_at;
    }
    const long long idle = std::llround(std::floor(b->state_age_seconds));
    std::string message = fmt::format(
        "backend pid {} (application_name \"{}\", user \"{}\", database \"{}\") has been {} for "
        "{} s",
        b->pid, b->application_name, b->usename, b->datname, b->state, idle);
    if (b->xact_age_seconds)
      message += fmt::format(", in a transaction open for {} s",
                             std::llround(std::floor(*b->xact_age_seconds)));
    finding f = make_finding("CP903", std::move(message), at, fmt::format("pid {}", b->pid));
    if (svc != service_of_pid.end()) f.service = svc->second;
    f.notes.push_back(fmt::format(
        "it holds a connection slot, its snapshot and its locks until the client speaks again; "
        "connplan never ends it. An operator who knows the client is gone could run: SELECT "
        "pg_terminate_backend({}); (rolls back its transaction and closes the connection)",
        b->pid));
    f.notes.push_back(
        "idle_in_transaction_session_timeout makes PostgreSQL end such sessions itself (CP504)");
    out.push_back(std::move(f));
  }
}

void add_capacity_finding(const expectations& e, const observation& o, std::vector<finding>& out) {
  const double threshold = e.warn_percent / 100.0 * static_cast<double>(o.server.usable);
  if (static_cast<double>(o.server.observed) <= threshold) return;
  finding f =
      make_finding("CP904",
                   fmt::format("{} connections are open on {}, above {}% of its {} usable slots",
                               o.server.observed, o.server.name, e.warn_percent, o.server.usable),
                   e.max_connections_at, "max_connections");
  f.notes.push_back(fmt::format(
      "usable = max_connections {} - superuser_reserved_connections - reserved_connections, as "
      "the running server has them; [budget] warn_percent sets the threshold",
      o.server.max_connections));
  out.push_back(std::move(f));
}

void add_setting_findings(const expectations& e, const snapshot& live, std::vector<finding>& out) {
  for (const auto& r : e.repo_settings) {
    auto it = live.server.settings.find(r.name);
    if (it == live.server.settings.end()) continue;
    if (same_setting(r.setting, r.unit, it->second.setting, it->second.unit)) continue;
    finding f = make_finding(
        "CP905",
        fmt::format("{} is {} on the running server but {} in {}", r.name,
                    display_setting(it->second.setting, it->second.unit),
                    display_setting(r.setting, r.unit), r.at ? r.at->file : "the repository"),
        r.at, r.name);
    f.notes.push_back(
        "the server runs another file, was not reloaded or restarted since the change, or an "
        "ALTER SYSTEM, a command-line option or an include outside the repository overrides it");
    out.push_back(std::move(f));
  }
}

}  // namespace

std::string state_name(std::string_view state) {
  // A state this list does not know (a newer PostgreSQL) counts as unknown, so the counts per
  // state always add up to the observed total.
  for (const char* s : backend_states)
    if (state == s) return s;
  return "unknown";
}

std::vector<group_count> group_backends(const std::vector<backend_row>& rows) {
  std::vector<group_count> out;
  for (const auto& r : rows) {
    group_count g{r.application_name, r.usename, r.datname, r.client_addr, state_name(r.state), 1};
    auto it = std::find_if(out.begin(), out.end(),
                           [&g](const group_count& o) { return group_key(o) == group_key(g); });
    if (it == out.end())
      out.push_back(std::move(g));
    else
      ++it->count;
  }
  std::sort(out.begin(), out.end(),
            [](const group_count& a, const group_count& b) { return group_key(a) < group_key(b); });
  return out;
}

observation analyse(const expectations& e, const snapshot& live, peaks& running) {
  observation o;
  const auto& srv = live.server;
  o.server.name = e.server_name;
  o.server.max_connections = srv.max_connections;
  o.server.usable = std::max(
      0LL, srv.max_connections - srv.superuser_reserved_connections - srv.reserved_connections);
  o.server.observed = static_cast<long long>(srv.backends.size());
  running.server = std::max(running.server, o.server.observed);
  o.server.peak = running.server;

  for (const auto& s : e.services)
    o.services.push_back({s.name, s.worst_case, s.steady_state, 0, 0, zero_states()});

  // PgBouncer's server connections are its own, whatever application_name they carry.
  std::map<long long, std::size_t> pgbouncer_of_pid;
  std::map<std::string, long long> pid_of_ptr;
  for (std::size_t i = 0; i < live.pgbouncers.size(); ++i) {
    for (const auto& sv : live.pgbouncers[i].servers) {
      if (sv.remote_pid > 0) pgbouncer_of_pid[sv.remote_pid] = i;
      pid_of_ptr[sv.ptr] = sv.remote_pid;
    }
  }
  std::map<long long, std::string> state_of_pid;
  for (const auto& b : srv.backends) state_of_pid[b.pid] = state_name(b.state);

  std::vector<backend_row> stray;
  std::map<long long, std::string> service_of_pid;
  std::vector<long long> pgbouncer_backends(live.pgbouncers.size(), 0);
  for (const auto& b : srv.backends) {
    if (auto p = pgbouncer_of_pid.find(b.pid); p != pgbouncer_of_pid.end()) {
      ++pgbouncer_backends[p->second];
      continue;
    }
    std::optional<std::string_view> addr;
    if (b.client_addr) addr = *b.client_addr;
    if (auto i = first_match(e.services, {b.application_name, b.usename, b.datname, addr})) {
      auto& s = o.services[*i];
      ++s.observed;
      ++s.by_state[state_name(b.state)];
      service_of_pid[b.pid] = s.name;
    } else {
      stray.push_back(b);
    }
  }

  for (std::size_t i = 0; i < live.pgbouncers.size(); ++i) {
    const auto& pb = live.pgbouncers[i];
    pgbouncer_observation po{pb.name, {}, pgbouncer_backends[i], e.pools};
    for (const auto& pool : pb.pools)
      if (pool.database != "pgbouncer") po.pools.push_back(pool);
    o.pgbouncers.push_back(std::move(po));
    for (const auto& c : pb.clients) {
      if (c.database == "pgbouncer") continue;  // the admin console: connplan itself
      auto i_svc =
          first_match(e.services, {c.application_name, c.user, c.database, client_address(c)});
      if (!i_svc) continue;
      auto& s = o.services[*i_svc];
      ++s.observed;
      // A client paired with a server connection is in that backend's state; an unpaired one
      // is between transactions (idle) unless it waits for a server to run a query (active).
      std::string state = c.state == "waiting" ? "active" : "idle";
      if (auto p = pid_of_ptr.find(c.link); !c.link.empty() && p != pid_of_ptr.end()) {
        if (auto st = state_of_pid.find(p->second); st != state_of_pid.end()) state = st->second;
        service_of_pid[p->second] = s.name;
      }
      ++s.by_state[state];
    }
  }

  for (auto& s : o.services) {
    auto& peak = running.services[s.name];
    peak = std::max(peak, s.observed);
    s.peak = peak;
  }
  o.unaccounted = group_backends(stray);
  // Loops over pairs, not structured bindings: clang 14 cannot capture those in a lambda.
  for (const auto& role : srv.role_limits) {
    const auto n = std::count_if(srv.backends.begin(), srv.backends.end(),
                                 [&role](const backend_row& b) { return b.usename == role.first; });
    o.limits.push_back({"role", role.first, role.second, static_cast<long long>(n)});
  }
  for (const auto& db : srv.database_limits) {
    const auto n = std::count_if(srv.backends.begin(), srv.backends.end(),
                                 [&db](const backend_row& b) { return b.datname == db.first; });
    o.limits.push_back({"database", db.first, db.second, static_cast<long long>(n)});
  }

  add_service_findings(e, o, o.findings);
  add_unaccounted_findings(o.unaccounted, o.findings);
  add_idle_transaction_findings(e, live, service_of_pid, o.findings);
  add_capacity_finding(e, o, o.findings);
  add_setting_findings(e, live, o.findings);
  return o;
}

}  // namespace connplan::observe
