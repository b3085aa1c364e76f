// CP702 trust-auth-on-network: PgBouncer `auth_type = trust` (or `any`) while it listens on a
// network address. doc/config.md `auth_type` @ 1.23.1: "trust: No authentication is done. The
// user name must still exist in auth_file"; "any: Like the trust method, but the user name given
// is ignored. Requires that all databases are configured to log in as a specific user." Anyone who
// can reach listen_addr then uses the pooled server connections without a password. With no
// listen_addr PgBouncer accepts only Unix-socket connections ("If not set, only Unix socket
// connections are accepted").
#include <fmt/format.h>

#include <sstream>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {
namespace {

// Whether one listen_addr item is reachable only from this machine.
bool is_local(std::string_view addr) {
  if (addr.empty() || addr.front() == '/') return true;  // a Unix socket path
  return addr == "localhost" || addr == "::1" || addr == "[::1]" || addr.starts_with("127.");
}

std::vector<std::string> network_addresses(std::string_view listen_addr) {
  std::vector<std::string> out;
  std::stringstream items{std::string(listen_addr)};
  for (std::string item; std::getline(items, item, ',');) {
    const auto b = item.find_first_not_of(" \t");
    const auto e = item.find_last_not_of(" \t");
    std::string a = b == std::string::npos ? std::string() : item.substr(b, e - b + 1);
    if (!is_local(a)) out.push_back(a);
  }
  return out;
}

}  // namespace

void check_cp702(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& b : ctx.model->pgbouncers) {
    if (!b.config) continue;
    const pgbouncer::globals& g = b.config->global;
    if (g.auth_type.value != "trust" && g.auth_type.value != "any") continue;
    auto exposed = network_addresses(g.listen_addr.value);
    if (exposed.empty()) continue;
    auto f = make_finding(
        "CP702",
        fmt::format("auth_type = {} lets every client that reaches listen_addr = {} connect "
                    "without a password",
                    g.auth_type.value, g.listen_addr.value),
        first_location({g.auth_type.origin}), "auth_type");
    if (auto at = first_location({g.listen_addr.origin}))
      f.related.push_back({at, fmt::format("listen_addr = {}", g.listen_addr.value)});
    if (g.auth_type.value == "any")
      f.notes.push_back("with auth_type = any PgBouncer even ignores the user name given");
    f.notes.push_back(
        "use auth_type = scram-sha-256 (or md5) with an auth_file or auth_query, or listen only "
        "on 127.0.0.1 / a Unix socket");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
