// CP504 idle-in-transaction-timeout-disabled: the repository's postgresql.conf leaves
// `idle_in_transaction_session_timeout` at 0 (set so, or by default). config.sgml: "Terminate any
// session that has been idle (that is, waiting for a client query) within an open transaction for
// longer than the specified amount of time … A value of zero (the default) disables the timeout."
// A client that opens a transaction and stops (a crashed worker behind PgBouncer, a debugger, a
// forgotten `atomic()` around a slow call) keeps its connection slot and its locks forever.
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp504(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& server : ctx.model->servers) {
    if (!server.config) continue;  // no postgresql.conf in the repository: nothing to anchor on
    const postgres::server_config& c = *server.config;
    constexpr std::string_view name = "idle_in_transaction_session_timeout";
    auto it = c.settings.find(std::string(name));
    const bool set_in_file = it != c.settings.end() && it->second.origin.kind == source_kind::file;
    if (it != c.settings.end() && (!it->second.known || it->second.setting != "0")) continue;
    auto f = make_finding(
        "CP504",
        set_in_file ? fmt::format("{} = 0 disables the timeout: a session idle in a transaction "
                                  "holds its connection slot and its locks indefinitely",
                                  name)
                    : fmt::format("{} is not set, and its default 0 disables the timeout: a "
                                  "session idle in a transaction holds its connection slot and "
                                  "its locks indefinitely",
                                  name),
        set_in_file ? it->second.origin.location : source_location{c.path, {}, {}},
        std::string(name));
    f.notes.push_back(fmt::format(
        "set {} to a little more than your longest legitimate pause inside a transaction (e.g. "
        "'5min'); PostgreSQL then ends such sessions and frees their slots",
        name));
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
