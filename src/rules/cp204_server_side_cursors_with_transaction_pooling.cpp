// CP204 server-side-cursors-with-transaction-pooling: an alias goes through a PgBouncer that pools
// its database in transaction or statement mode, and DISABLE_SERVER_SIDE_CURSORS is not True.
// Django's docs: "Using a connection pooler in transaction pooling mode (e.g. PgBouncer) requires
// disabling server-side cursors for that connection" — QuerySet.iterator() declares a cursor in
// one transaction and fetches from it in the next, on whatever server connection PgBouncer hands
// out then (docs/ref/databases.txt "Transaction pooling and server-side cursors"; domain.md §2.6,
// §8 item 24).
#include <fmt/format.h>

#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

bool truthy(const value_entry& e) {
  const nlohmann::json& v = e.value;
  return (v.is_boolean() && v.get<bool>()) || (v.is_number() && v.get<double>() != 0) ||
         (v.is_string() && !v.get<std::string>().empty());
}

// [users] pool_mode > the entry's pool_mode > [pgbouncer] pool_mode (src/server.c
// `pool_pool_mode` @ 1.18.0, 1.23.1); the entry's `mode` already carries the global fallback.
sourced<pgbouncer::pool_mode> mode_for(const pgbouncer::config& c,
                                       const pgbouncer::database_entry& e,
                                       const std::string& user) {
  if (const pgbouncer::user_entry* u = c.user(user); u != nullptr && u->mode) return *u->mode;
  return e.mode;
}

}  // namespace

void check_cp204(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  // One finding per (alias definition, PgBouncer, database), naming every service that uses it.
  per_cause found;
  for (const auto& s : ctx.model->services) {
    if (!s.django) continue;
    for (const auto& use : s.input.aliases) {
      const loaded_pgbouncer* b = pgbouncer_of(ctx, use);
      const django::database_alias* alias = s.django->alias(use.alias);
      if (b == nullptr || alias == nullptr) continue;
      const pgbouncer::database_entry* e = b->config->database(use.database);
      if (e == nullptr && b->config->fallback) e = &*b->config->fallback;
      if (e == nullptr) continue;  // no such database: PgBouncer refuses the client
      const std::string user = e->forced_user.value ? *e->forced_user.value : use.user;
      const auto mode = mode_for(*b->config, *e, user);
      if (mode.value == pgbouncer::pool_mode::session) continue;
      const value_entry* disable = alias->find("DISABLE_SERVER_SIDE_CURSORS");
      if (disable != nullptr && disable->status == value_status::unknown) continue;  // CP002's
      if (disable != nullptr && disable->status == value_status::known && truthy(*disable))
        continue;

      std::optional<source_location> at = key_anchor(*alias, "DISABLE_SERVER_SIDE_CURSORS");
      const std::string where =
          at ? fmt::format("{}:{}:{}", at->file, at->begin.line, at->begin.column) : alias->name;
      const std::string key = where + '\x1f' + b->input.name + '\x1f' + e->name;
      if (found.seen(key, s.input.name)) continue;
      const std::string_view mode_name = pgbouncer::to_string(mode.value);
      auto f = make_finding(
          "CP204",
          fmt::format("alias '{}' goes through {} in {} pooling mode without "
                      "DISABLE_SERVER_SIDE_CURSORS = True: QuerySet.iterator() fails when its "
                      "cursor's transaction has ended",
                      alias->name, b->input.name, mode_name),
          at,
          fmt::format("DATABASES.{}.DISABLE_SERVER_SIDE_CURSORS@{}", alias->name, b->input.name));
      std::optional<source_location> mode_at = location_of(mode.origin);
      if (!mode_at) mode_at = e->location;
      f.related.push_back(
          {mode_at,
           fmt::format("{} pools database {} in {} mode", b->input.name,
                       e->name == "*" ? use.database + " (through *)" : e->name, mode_name)});
      if (mode.value == pgbouncer::pool_mode::statement) {
        f.notes.push_back(
            "statement mode also refuses transactions of more than one statement (pgbouncer "
            "doc/config.md pool_mode), which Django's atomic() blocks are");
      }
      f.notes.push_back(
          fmt::format("set DATABASES['{}']['DISABLE_SERVER_SIDE_CURSORS'] = True (Django's docs: "
                      "\"Using a connection pooler in transaction pooling mode (e.g. PgBouncer) "
                      "requires disabling server-side cursors for that connection\")",
                      alias->name));
      found.add(key, std::move(f), s.input.name);
    }
  }
  found.flush(out);
}

}  // namespace connplan::rules
