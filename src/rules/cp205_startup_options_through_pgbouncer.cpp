// CP205 startup-options-through-pgbouncer: an alias sends OPTIONS["options"] (the libpq `options`
// startup parameter, e.g. "-c statement_timeout=5000") to a PgBouncer that refuses or drops it
// (domain.md §5.5, §8 item 25):
// - up to 1.19 `options` is a startup parameter PgBouncer does not track: refused with "FATAL:
//   unsupported startup parameter: options" unless ignore_startup_parameters lists `options`, and
//   then silently dropped (src/client.c @ pgbouncer_1_18_0; observed with pgbouncer 1.18:
//   tool-behaviour.md "pgbouncer 1.18 and the options startup parameter");
// - from 1.20 each `-c name=value` must be tracked (the defaults, or track_extra_parameters) or
//   ignored (its name, or `options`, in ignore_startup_parameters), else "unsupported startup
//   parameter in options: NAME" (src/client.c `set_startup_options` @ pgbouncer_1_20_1, 1_23_1);
//   only parameters PostgreSQL reports to the client (GUC_REPORT) can be tracked (doc/config.md
//   `track_extra_parameters`), so statement_timeout can never be forwarded this way.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "connplan/redact.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace django_support;

// libusual-style lists: names separated by commas and/or white space.
std::vector<std::string> list_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// src/util.c `strlist_contains`: an exact, case-sensitive token.
bool listed(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// PgBouncer's variable cache looks names up case-insensitively (src/varcache.c, uthash_lowercase).
bool listed_nocase(const std::vector<std::string>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& s) { return lower(s) == lower(name); });
}

// Always tracked (doc/config.md `track_extra_parameters` @ 1.23.1).
constexpr std::array<std::string_view, 5> tracked_by_default{
    "client_encoding", "datestyle", "timezone", "standard_conforming_strings", "application_name"};

// What PostgreSQL reports to the client (GUC_REPORT; protocol-flow.html "ParameterStatus" @ 15,
// scram_iterations from 16). search_path is reported by PostgreSQL 18 and by Citus 12+, which
// doc/config.md names: when a user tracks it, connplan believes them.
constexpr std::array<std::string_view, 15> reported{"application_name",
                                                    "client_encoding",
                                                    "datestyle",
                                                    "default_transaction_read_only",
                                                    "in_hot_standby",
                                                    "integer_datetimes",
                                                    "intervalstyle",
                                                    "is_superuser",
                                                    "server_encoding",
                                                    "server_version",
                                                    "session_authorization",
                                                    "standard_conforming_strings",
                                                    "timezone",
                                                    "scram_iterations",
                                                    "search_path"};

bool is_reported(std::string_view name) {
  const std::string n = lower(name);
  return std::find(reported.begin(), reported.end(), n) != reported.end();
}

enum class fate { forwarded, dropped, refused };

struct verdict {
  fate outcome = fate::forwarded;
  std::vector<std::string> refused, dropped, untrackable;
  std::string fatal;  // PgBouncer's message to the client when refused
};

verdict judge(const pgbouncer::config& c, const std::vector<django::startup_option>& options) {
  verdict v;
  const auto ignored = list_of(c.global.ignore_startup_parameters.value);
  const bool options_ignored = listed(ignored, "options");
  const bool has_options_support = version_at_least(c.version, 1, 20);
  if (!has_options_support) {
    // The whole `options` parameter is one startup parameter PgBouncer does not track.
    for (const auto& o : options) (options_ignored ? v.dropped : v.refused).push_back(o.name);
    v.outcome = options_ignored ? fate::dropped : fate::refused;
    if (!options_ignored) v.fatal = "FATAL: unsupported startup parameter: options";
    return v;
  }
  std::vector<std::string> tracked(tracked_by_default.begin(), tracked_by_default.end());
  if (auto it = c.settings.find("track_extra_parameters");
      it != c.settings.end() && !it->second.null) {
    for (auto& t : list_of(it->second.shown)) tracked.push_back(std::move(t));
  }
  for (const auto& o : options) {
    if (o.name.empty() || o.name.front() == '-') {
      // Not `-c name=value`: PgBouncer refuses the whole parameter before looking at the lists.
      v.refused.push_back(o.name);
      if (v.fatal.empty()) {
        v.fatal =
            "FATAL: unsupported options startup parameter: only '-c config=val' and "
            "'--config=val' are allowed";
      }
    } else if (listed_nocase(tracked, o.name)) {
      if (!is_reported(o.name)) v.untrackable.push_back(o.name);
    } else if (listed(ignored, o.name) || options_ignored) {
      v.dropped.push_back(o.name);
    } else {
      v.refused.push_back(o.name);
      if (v.fatal.empty())
        v.fatal = fmt::format("FATAL: unsupported startup parameter in options: {}", o.name);
    }
  }
  if (!v.refused.empty()) {
    v.outcome = fate::refused;
  } else if (!v.dropped.empty() || !v.untrackable.empty()) {
    v.outcome = fate::dropped;
  }
  return v;
}

// Where connplan.toml says which PgBouncer release runs, if it does.
std::optional<source_location> version_location(const rule_context& ctx, const std::string& name) {
  for (const auto& d : ctx.model->config.pgbouncers) {
    if (d.name && d.name->value == name && d.version) return location_of(d.version->origin);
  }
  return std::nullopt;
}

}  // namespace

void check_cp205(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  per_cause found;
  for (const auto& s : ctx.model->services) {
    if (!s.django) continue;
    for (const auto& use : s.input.aliases) {
      const loaded_pgbouncer* b = pgbouncer_of(ctx, use);
      const django::database_alias* alias = s.django->alias(use.alias);
      if (b == nullptr || alias == nullptr || alias->startup_options.empty()) continue;
      if (!alias->startup_options_text ||
          alias->startup_options_text->status == value_status::unknown)
        continue;  // an unknown OPTIONS value is CP002's
      const verdict v = judge(*b->config, alias->startup_options);
      if (v.outcome == fate::forwarded) continue;

      const std::optional<source_location> at = location_of(alias->startup_options_text->origin);
      const std::string where =
          at ? fmt::format("{}:{}:{}", at->file, at->begin.line, at->begin.column) : alias->name;
      if (found.seen(where + '\x1f' + b->input.name, s.input.name)) continue;

      // `-c name=value` pairs are key=value text: a secret-looking one becomes *** (CONTRACTS §9).
      const std::string shown = redact_secrets(python_text(*alias->startup_options_text));
      const std::string release =
          fmt::format("{} (PgBouncer {})", b->input.name, b->config->version);
      std::string message;
      if (v.outcome == fate::refused) {
        message = fmt::format(
            "alias '{}' sends OPTIONS['options'] = {} through {}, which refuses it: every "
            "connection fails with {}",
            alias->name, shown, release, v.fatal);
      } else {
        std::vector<std::string> lost = v.dropped;
        lost.insert(lost.end(), v.untrackable.begin(), v.untrackable.end());
        message = fmt::format(
            "alias '{}' sends OPTIONS['options'] = {} through {}, which drops it: {} silently "
            "ha{} no effect",
            alias->name, shown, release, fmt::join(lost, ", "), lost.size() == 1 ? "s" : "ve");
      }
      auto f =
          make_finding("CP205", std::move(message), at,
                       fmt::format("DATABASES.{}.OPTIONS.options@{}", alias->name, b->input.name));
      const auto& ignore = b->config->global.ignore_startup_parameters;
      if (auto ig = location_of(ignore.origin)) {
        f.related.push_back({ig, fmt::format("ignore_startup_parameters = {}", ignore.value)});
      }
      if (auto it = b->config->settings.find("track_extra_parameters");
          it != b->config->settings.end() && !v.untrackable.empty()) {
        f.related.push_back({location_of(it->second.origin),
                             fmt::format("track_extra_parameters = {}", it->second.shown)});
      }
      if (auto ver = version_location(ctx, b->input.name)) {
        f.related.push_back({ver, fmt::format("PgBouncer {}", b->config->version)});
      } else {
        f.notes.push_back(fmt::format(
            "PgBouncer {} is assumed (the newest connplan knows); set [[pgbouncer]] version in "
            "connplan.toml",
            b->config->version));
      }
      if (!version_at_least(b->config->version, 1, 20)) {
        f.notes.push_back(
            "PgBouncer before 1.20 does not accept the options startup parameter at all; "
            "ignore_startup_parameters = options makes it drop the whole parameter");
      } else if (!v.untrackable.empty()) {
        f.notes.push_back(fmt::format(
            "{} cannot be tracked: PgBouncer keeps only parameters PostgreSQL reports to the "
            "client (doc/config.md track_extra_parameters)",
            fmt::join(v.untrackable, ", ")));
      }
      f.notes.push_back(fmt::format(
          "set these on the role or the database instead (ALTER ROLE {} SET {} = …), so every "
          "server connection PgBouncer opens has them",
          use.user.empty() ? "<user>" : use.user, alias->startup_options.front().name));
      found.add(where + '\x1f' + b->input.name, std::move(f), s.input.name);
    }
  }
  found.flush(out);
}

}  // namespace connplan::rules
