// CP605 pools-per-client-user: a PgBouncer [databases] entry without `user=` that clients reach
// under several user names. doc/config.md `user` @ 1.23.1: "If user= is set, all connections to the
// destination database will be done with the specified user, meaning that there will be only one
// pool for this database. Otherwise, PgBouncer logs into the destination database with the client
// user name, meaning that there will be one pool per user." Each pool may open pool_size server
// connections, so N users make N × pool_size (domain.md §5.2, §8 item 43). The `*` fallback entry
// counts too: it is also pooled per (database, user).
#include <fmt/format.h>

#include <map>
#include <set>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {
namespace {

struct entry_use {
  const loaded_pgbouncer* bouncer = nullptr;
  const pgbouncer::database_entry* entry = nullptr;
  std::set<std::string> users;
  std::vector<related_location> clients;
};

}  // namespace

void check_cp605(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  std::map<std::pair<std::string, std::string>, entry_use> uses;
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto& service : ctx.model->services) {
    for (const auto& a : service.input.aliases) {
      if (!a.via_pgbouncer || a.user.empty()) continue;  // an unknown user is CP002's
      const loaded_pgbouncer* b = nullptr;
      for (const auto& p : ctx.model->pgbouncers) {
        if (p.input.name == a.target && p.config) b = &p;
      }
      if (b == nullptr) continue;
      const pgbouncer::database_entry* e = b->config->database(a.database);
      if (e == nullptr && b->config->fallback) e = &*b->config->fallback;
      if (e == nullptr || e->forced_user.value) continue;  // user=: one pool for the database
      auto key = std::make_pair(b->input.name, e->name);
      auto [it, fresh] = uses.try_emplace(key, entry_use{b, e, {}, {}});
      if (fresh) order.push_back(key);
      if (!it->second.users.insert(a.user).second) continue;
      std::optional<source_location> user_at;
      if (service.django) {
        if (const auto* alias = service.django->alias(a.alias)) {
          if (const value_entry* u = alias->find("USER")) user_at = first_location({u->origin});
        }
      }
      it->second.clients.push_back({user_at, fmt::format("{}: DATABASES.{} connects as {}",
                                                         service.input.name, a.alias, a.user)});
    }
  }
  for (const auto& key : order) {
    const entry_use& u = uses.at(key);
    if (u.users.size() < 2) continue;
    const long long pool_size = u.entry->pool_size.value;
    auto f = make_finding(
        "CP605",
        fmt::format("{} database {} has no user=, so its {} client users ({}) get one pool each",
                    u.bouncer->input.name, u.entry->name, u.users.size(), fmt::join(u.users, ", ")),
        u.entry->location, fmt::format("databases.{}.user", u.entry->name));
    f.related = u.clients;
    f.notes.push_back(
        fmt::format("{} pools × pool_size {} = up to {} server connections for this entry{}",
                    u.users.size(), pool_size, static_cast<long long>(u.users.size()) * pool_size,
                    u.entry->name == "*" ? " and each database name" : ""));
    f.notes.push_back(
        "add user= to the entry to share one pool (PgBouncer then logs in as that user), or cap "
        "each user with [users] pool_size or max_user_connections");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
