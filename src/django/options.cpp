#include "django/options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "django/unresolved.hpp"

namespace connplan::django::detail {
namespace {

// Django's own DATABASES keys (docs/ref/settings.txt "DATABASES"). Inside OPTIONS they are not
// read by Django: the PostgreSQL backend passes OPTIONS to the driver as connection keywords
// (django/db/backends/postgresql/base.py get_connection_params: `{"database": NAME, **OPTIONS}`),
// which hands them to libpq, and libpq refuses a keyword it does not know ("invalid connection
// option"), so every connection fails.
constexpr std::array<std::string_view, 14> django_keys{"ATOMIC_REQUESTS",
                                                       "AUTOCOMMIT",
                                                       "CONN_HEALTH_CHECKS",
                                                       "CONN_MAX_AGE",
                                                       "DISABLE_SERVER_SIDE_CURSORS",
                                                       "ENGINE",
                                                       "HOST",
                                                       "NAME",
                                                       "OPTIONS",
                                                       "PASSWORD",
                                                       "PORT",
                                                       "TEST",
                                                       "TIME_ZONE",
                                                       "USER"};

// Lower-case spellings the driver accepts: libpq keywords (host, port, user, password, options;
// libpq fe-connect.c PQconninfoOptions) and psycopg2's alias `database` (psycopg2 make_dsn).
constexpr std::array<std::string_view, 6> accepted_lower{"host",     "port",    "user",
                                                         "password", "options", "database"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Why `key` inside OPTIONS reaches libpq under `target`, or nullopt when the driver accepts it
// or Django removes it first.
std::optional<std::string> rejected(std::string_view key, const version& target) {
  // Keys Django pops before connecting, by version (postgresql/base.py get_connection_params):
  // isolation_level (all), assume_role and server_side_binding (4.2+), pool (5.1+).
  if (key == "pool" && !has_native_pool(target)) {
    return fmt::format("Django {} does not know it (native pooling is new in 5.1)", target.text());
  }
  if ((key == "assume_role" || key == "server_side_binding") && !has_psycopg3(target)) {
    return fmt::format("Django {} does not know it (new in 4.2)", target.text());
  }
  // `autocommit` was a Django OPTIONS key until 1.6; psycopg 3's connect() accepts it as its own
  // keyword, but before Django 4.2 psycopg2 is the only driver and passes it to libpq.
  if (key == "autocommit") {
    if (has_psycopg3(target)) return std::nullopt;
    return fmt::format("Django {} uses psycopg2, which passes it to libpq", target.text());
  }
  bool is_django = std::find(django_keys.begin(), django_keys.end(), key) != django_keys.end();
  std::string low = lower(key);
  bool is_django_lower =
      low == key &&
      std::any_of(django_keys.begin(), django_keys.end(),
                  [&](std::string_view k) { return lower(k) == low; }) &&
      std::find(accepted_lower.begin(), accepted_lower.end(), low) == accepted_lower.end();
  if (is_django || is_django_lower) return std::string("it is a Django setting, not a driver one");
  return std::nullopt;
}

value_entry number_entry(std::int64_t n, const connplan::source& from) {
  return value_entry::known(n, from);
}

}  // namespace

std::vector<startup_option> parse_startup_options(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(current));
      current.clear();
      in_word = false;
      continue;
    }
    if (c == '\\' && i + 1 < text.size()) c = text[++i];
    current += c;
    in_word = true;
  }
  if (in_word) words.push_back(std::move(current));

  std::vector<startup_option> out;
  auto add_setting = [&](std::string_view setting, bool long_option) {
    auto eq = setting.find('=');
    std::string name(setting.substr(0, eq));
    if (long_option) std::replace(name.begin(), name.end(), '-', '_');
    std::string val = eq == std::string_view::npos ? "" : std::string(setting.substr(eq + 1));
    out.push_back({std::move(name), std::move(val)});
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "-c" && i + 1 < words.size()) {
      add_setting(words[++i], false);
    } else if (w.rfind("-c", 0) == 0 && w.size() > 2) {
      add_setting(std::string_view(w).substr(2), false);
    } else if (w.rfind("--", 0) == 0 && w.size() > 2) {
      add_setting(std::string_view(w).substr(2), true);
    } else {
      out.push_back({w, ""});
    }
  }
  return out;
}

options_analysis analyse_options(std::string_view alias, const value& options, const value& engine,
                                 const version& target, const connplan::source& fallback) {
  options_analysis out;
  const connplan::source options_origin = origin_or(options, fallback);
  auto opts = as_members(options);
  if (!opts) return out;
  const std::string prefix = fmt::format("DATABASES['{}']['OPTIONS']", alias);
  const std::string identity_prefix = fmt::format("DATABASES.{}.OPTIONS", alias);

  // CP209 only where libpq reads OPTIONS: a PostgreSQL ENGINE, or one that is not known.
  bool postgres = !is_string(engine) || is_postgresql_engine(engine.text);
  if (engine.kind == value_kind::alternatives) {
    postgres =
        std::any_of(engine.alternatives.begin(), engine.alternatives.end(),
                    [](const value& e) { return !is_string(e) || is_postgresql_engine(e.text); });
  }
  for (const auto& [key, val] : *opts) {
    if (!postgres) break;
    auto why = rejected(key, target);
    if (!why) continue;
    connplan::source at = origin_or(val, options_origin);
    auto f = make_finding(
        "CP209",
        fmt::format("OPTIONS key '{}' of alias '{}' is passed to libpq ({}): every connection "
                    "fails with invalid connection option \"{}\"",
                    key, alias, *why, key),
        at.kind == source_kind::file ? std::optional(at.location) : std::nullopt,
        identity_prefix + "." + key);
    f.notes.push_back(fmt::format("move it out of OPTIONS: DATABASES['{}']['{}']", alias, key));
    out.findings.push_back(std::move(f));
  }

  auto find = [&](std::string_view key) -> const value* {
    for (const auto& [k, v] : *opts) {
      if (k == key) return &v;
    }
    return nullptr;
  };

  if (const value* text = find("options")) {
    out.startup_options_text = to_entry(*text, "options", options_origin);
    if (text->kind == value_kind::string) out.startup_options = parse_startup_options(text->text);
    if (text->kind == value_kind::alternatives) {
      // Every branch's parts: the planner must see any startup option that may be sent.
      for (const auto& alt : text->alternatives) {
        if (alt.kind != value_kind::string) continue;
        for (auto& o : parse_startup_options(alt.text)) {
          if (std::none_of(out.startup_options.begin(), out.startup_options.end(),
                           [&](const startup_option& s) {
                             return s.name == o.name && s.value == o.value;
                           })) {
            out.startup_options.push_back(std::move(o));
          }
        }
      }
    }
  }

  const value* pool = find("pool");
  if (!pool || !has_native_pool(target)) return out;
  std::optional<bool> on = truthy(*pool);
  const value* chosen = pool;
  if (pool->kind == value_kind::alternatives) {
    // The worst case is the branch that enables the pool: 4 (or min_size) connections per
    // process per alias, opened eagerly (psycopg_pool/base.py `BasePool.__init__`).
    for (const auto& alt : pool->alternatives) {
      if (truthy(alt) == true || !alt.is_known()) {
        chosen = &alt;
        break;
      }
    }
    on = truthy(*chosen);
    if (!on && chosen->is_known()) return out;
  }
  if (on == false) return out;
  const connplan::source pool_origin = origin_or(*pool, options_origin);
  pool_settings p;
  p.enabled = to_entry(*pool, "pool", options_origin);
  if (!chosen->is_known()) {
    out.findings.push_back(
        unresolved_finding(prefix + "['pool']", identity_prefix + ".pool", *chosen, pool_origin));
    p.min_size = value_entry::unknown(shown_expr(chosen->expr, {}), "the pool setting is unknown",
                                      pool_origin);
    p.max_size = p.min_size;
  } else if (chosen->kind == value_kind::dict) {
    // psycopg_pool: min_size=4; max_size=None means max_size = min_size.
    const value* min = member(*chosen, "min_size");
    const value* max = member(*chosen, "max_size");
    p.min_size = min ? to_entry(*min, "min_size", pool_origin)
                     : number_entry(4, connplan::source::default_value());
    if (max && max->kind != value_kind::none) {
      p.max_size = to_entry(*max, "max_size", pool_origin);
    } else {
      p.max_size = p.min_size;
    }
    for (auto [name, v] : {std::pair{"min_size", min}, std::pair{"max_size", max}}) {
      if (v && !v->is_known() && v->kind != value_kind::alternatives) {
        out.findings.push_back(unresolved_finding(fmt::format("{}['pool']['{}']", prefix, name),
                                                  fmt::format("{}.pool.{}", identity_prefix, name),
                                                  *v, pool_origin));
      }
    }
  } else {
    // `"pool": True`: psycopg_pool's defaults, min_size = max_size = 4.
    p.min_size = number_entry(4, connplan::source::default_value());
    p.max_size = p.min_size;
  }
  out.pool = std::move(p);
  return out;
}

}  // namespace connplan::django::detail
