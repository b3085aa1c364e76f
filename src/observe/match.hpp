// A `[[service]] match` table (CONTRACTS §8): application_name, usename, datname are globs,
// client_addr a CIDR; the keys given are AND-ed; a service without any key matches nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace connplan::observe {

struct match_rule {
  std::optional<std::string> application_name, usename, datname, client_addr;
  [[nodiscard]] bool empty() const {
    return !application_name && !usename && !datname && !client_addr;
  }
};

// What a connection shows of itself, in pg_stat_activity or PgBouncer's SHOW CLIENTS.
struct connection_identity {
  std::string_view application_name, usename, datname;
  std::optional<std::string_view> client_addr;  // nullopt: a Unix-domain socket
};

// Shell-style glob as fnmatch(3) without flags: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`, `\x`.
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

// Whether `address` (IPv4 or IPv6 text) lies in `cidr` ("10.0.0.0/8", "::1/128", or a bare
// address meaning the whole prefix). False for malformed input or mixed families.
[[nodiscard]] bool cidr_contains(std::string_view cidr, std::string_view address);

// Whether `rule` matches `who`. A client_addr rule never matches a Unix-socket connection.
[[nodiscard]] bool matches(const match_rule& rule, const connection_identity& who);

}  // namespace connplan::observe
