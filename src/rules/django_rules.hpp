// What the Django rules (CP201–CP208) share: their declarations and small readings of the Django
// settings model (CONN_MAX_AGE as Django uses it, where a key was set, Python's spelling of a
// value).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

namespace django_support {

// CONN_MAX_AGE as Django reads it (django/db/backends/base/base.py `connect` @ 5.2): 0 closes the
// connection at the end of each request, a number ≠ 0 or None keeps it. Alternatives take the
// worst case (persistent when any branch is); an unknown value, or one that is not a number
// (CP210's), is unknown.
enum class persistence { closes, persistent, unknown };
[[nodiscard]] persistence persistence_of(const value_entry* conn_max_age);

// A JSON value as Python writes it: None, True, 600, 'text', {...}.
[[nodiscard]] std::string python_text(const nlohmann::json& v);

// A value entry as Python writes it; alternatives as "600 or None", unknown as its expression.
[[nodiscard]] std::string python_text(const value_entry& e);

// The file (or connplan.toml) location of a source, if it has one.
[[nodiscard]] std::optional<source_location> location_of(const source& s);

// Where `key` of `alias` was set; when Django filled it in (a default), where the alias was
// defined, since that is where the key would be written.
[[nodiscard]] std::optional<source_location> key_anchor(const django::database_alias& alias,
                                                        std::string_view key);

// Is the target Django version at least major.minor ("4.2" >= 4.1)?
[[nodiscard]] bool version_at_least(std::string_view version, int major, int minor);

// Every Django settings model of the deployment, one per service that has one (services that share
// a module and environment hold equal copies: `add_once` keeps their findings single).
[[nodiscard]] std::vector<const django::settings_model*> settings_models(const rule_context& ctx);

// Appends `f` unless a finding with the same code, location, identity and message is already
// there (the same settings module read for several services).
void add_once(std::vector<finding>& out, finding f);

// Findings that several services share (an alias read by every service that loads the settings,
// through the same PgBouncer): one per cause, naming the services.
class per_cause {
 public:
  // True (and `service` recorded) when `key` already has its finding.
  bool seen(const std::string& key, const std::string& service);
  void add(const std::string& key, finding f, const std::string& service);
  // Moves the findings to `out`: `service` set when one service has it, else a note naming them.
  void flush(std::vector<finding>& out);

 private:
  std::vector<std::string> keys_;
  std::vector<std::pair<finding, std::vector<std::string>>> items_;
};

// The PgBouncer an alias use goes through, with its configuration; null when it goes straight to
// a server or the PgBouncer's file was not read.
[[nodiscard]] const loaded_pgbouncer* pgbouncer_of(const rule_context& ctx,
                                                   const plan::alias_use& use);

}  // namespace django_support
}  // namespace connplan::rules
