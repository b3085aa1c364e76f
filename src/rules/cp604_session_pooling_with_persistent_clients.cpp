// CP604 session-pooling-with-persistent-clients: Django keeps its connections (CONN_MAX_AGE ≠ 0)
// to a PgBouncer that pools that database in session mode. In session mode a server connection
// belongs to its client until the client disconnects (doc/config.md `pool_mode`), and a persistent
// Django connection never disconnects: every Django thread pins one server connection, so the pool
// gives no sharing, and clients beyond pool_size wait until query_wait_timeout (120 s) and fail
// (domain.md §5.1, §8 item 44).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {
namespace {

// The effective pool mode of (entry, user): [users] pool_mode > the entry's pool_mode >
// [pgbouncer] pool_mode (src/server.c `pool_pool_mode` @ 1.18.0, 1.23.1).
sourced<pgbouncer::pool_mode> effective_mode(const pgbouncer::config& c,
                                             const pgbouncer::database_entry& e,
                                             const std::string& user) {
  if (const pgbouncer::user_entry* u = c.user(user); u != nullptr && u->mode) return *u->mode;
  return e.mode;
}

std::string conn_max_age_text(const loaded_service& s, const std::string& alias) {
  if (!s.django) return "≠ 0";
  const django::database_alias* a = s.django->alias(alias);
  const value_entry* v = a != nullptr ? a->find("CONN_MAX_AGE") : nullptr;
  if (v == nullptr || v->status != value_status::known) return "≠ 0";
  return v->value.is_null() ? "None" : v->value.dump();
}

struct pinned_pool {
  const loaded_pgbouncer* bouncer = nullptr;
  const pgbouncer::database_entry* entry = nullptr;
  std::string user;
  sourced<pgbouncer::pool_mode> mode;
  std::vector<related_location> clients;
  std::vector<std::string> services;
};

}  // namespace

void check_cp604(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  // One finding per PgBouncer pool, listing every service alias that pins it.
  std::map<std::tuple<std::string, std::string, std::string>, pinned_pool> pools;
  std::vector<std::tuple<std::string, std::string, std::string>> order;
  for (const auto& service : ctx.model->services) {
    // Celery >= 5.6 closes connections around every task whatever CONN_MAX_AGE says (§3.2).
    if (service.input.closes_per_task) continue;
    for (const auto& a : service.input.aliases) {
      if (!a.via_pgbouncer || a.persistence != plan::persistence::persistent) continue;
      const loaded_pgbouncer* b = nullptr;
      for (const auto& p : ctx.model->pgbouncers) {
        if (p.input.name == a.target && p.config) b = &p;
      }
      if (b == nullptr) continue;
      const pgbouncer::database_entry* e = b->config->database(a.database);
      if (e == nullptr && b->config->fallback) e = &*b->config->fallback;
      if (e == nullptr) continue;  // no such database: the client is refused, not pinned
      const std::string user = e->forced_user.value ? *e->forced_user.value : a.user;
      auto mode = effective_mode(*b->config, *e, user);
      if (mode.value != pgbouncer::pool_mode::session) continue;
      auto key = std::make_tuple(b->input.name, e->name, user);
      auto [it, fresh] = pools.try_emplace(key);
      if (fresh) {
        it->second = pinned_pool{b, e, user, mode, {}, {}};
        order.push_back(key);
      }
      it->second.clients.push_back(
          {first_location({a.persistence_source}),
           fmt::format("{}: DATABASES.{}.CONN_MAX_AGE = {}", service.input.name, a.alias,
                       conn_max_age_text(service, a.alias))});
      if (std::find(it->second.services.begin(), it->second.services.end(), service.input.name) ==
          it->second.services.end())
        it->second.services.push_back(service.input.name);
    }
  }
  for (const auto& key : order) {
    const pinned_pool& p = pools.at(key);
    std::optional<source_location> at = first_location({p.mode.origin});
    if (!at) at = p.entry->location;  // session by default: where pool_mode= would go
    auto f = make_finding(
        "CP604",
        fmt::format("{} pools database {} in session mode while {} keep{} persistent connections: "
                    "each Django thread pins a server connection",
                    p.bouncer->input.name, p.entry->name, fmt::join(p.services, ", "),
                    p.services.size() == 1 ? "s" : ""),
        at, fmt::format("databases.{}.pool_mode", p.entry->name));
    if (p.services.size() == 1) f.service = p.services.front();
    f.related = p.clients;
    if (p.mode.origin.kind == source_kind::default_value)
      f.notes.push_back("pool_mode is not set: PgBouncer's default is session");
    for (const auto& bp : ctx.plan.pgbouncers) {
      if (bp.name != p.bouncer->input.name) continue;
      for (const auto& pool : bp.pools) {
        if (pool.database == p.entry->name && pool.user == p.user && pool.clients) {
          f.notes.push_back(fmt::format(
              "pool {}/{}: {} clients for {} server connections; the others wait and fail after "
              "query_wait_timeout",
              pool.database, pool.user, *pool.clients, pool.pool_size + pool.reserve));
        }
      }
    }
    f.notes.push_back(
        "use pool_mode = transaction (with DISABLE_SERVER_SIDE_CURSORS = True in Django), or "
        "CONN_MAX_AGE = 0 so each request gives its connection back");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
