// Meaning of pgbouncer.ini: sections, [pgbouncer] keys and their resets, [databases] / [users] /
// [peers] entries, %include. Follows libusual usual/cfparser.c (cf_load_file, load_handler,
// fill_defaults, cf_set) and pgbouncer src/loader.c (parse_database, parse_user) at 1.18 … 1.25.
#include <fmt/format.h>

#include <algorithm>

#include "connplan/error.hpp"
#include "connplan/pgbouncer.hpp"
#include "connplan/redact.hpp"
#include "pgbouncer/catalogue.hpp"
#include "pgbouncer/connstr.hpp"
#include "pgbouncer/ini.hpp"
#include "pgbouncer/values.hpp"

namespace connplan::pgbouncer {
namespace fs = std::filesystem;
using namespace detail;

std::string_view to_string(pool_mode mode) {
  switch (mode) {
    case pool_mode::session:
      return "session";
    case pool_mode::transaction:
      return "transaction";
    case pool_mode::statement:
      return "statement";
  }
  return "session";
}

const database_entry* config::database(std::string_view name) const {
  for (const auto& d : databases) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const user_entry* config::user(std::string_view name) const {
  for (const auto& u : users) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

namespace {

// pgbouncer stops reading at the first error of this kind and refuses to start.
constexpr bool fatal = true;
constexpr int max_include_depth = 10;  // usual/cfparser.c MAX_INCLUDE

pool_mode parse_mode(std::string_view canonical) {
  if (canonical == "transaction") return pool_mode::transaction;
  if (canonical == "statement") return pool_mode::statement;
  return pool_mode::session;
}

std::string versions_from(int since) {
  return since >= newest_minor ? fmt::format("pgbouncer {}", version_name(since))
                               : fmt::format("pgbouncer {} and later", version_name(since));
}

struct current_setting {
  std::string shown;
  bool null = false;    // a string key with a NULL default that nothing set
  std::string written;  // the text in the file (for shadowed), or the default
  connplan::source origin;
};

template <class T>
using maybe = std::optional<sourced<T>>;

struct db_state {
  std::string name;
  source_location location;
  std::string text;  // redacted connection string
  maybe<std::string> host, dbname, user;
  sourced<long long> port{5432, connplan::source::default_value()};
  bool has_password = false;
  maybe<long long> pool_size, min_pool_size, reserve_pool, max_db_connections;
  maybe<pool_mode> mode;
};

struct user_state {
  std::string name;
  source_location location;
  std::string text;
  maybe<pool_mode> mode;
  maybe<long long> pool_size, reserve_pool, max_user_connections;
};

class loader {
 public:
  loader(const inspect_options& options, int minor, config& out)
      : options_(options), minor_(minor), out_(out) {}

  void run(const fs::path& file) {
    fs::path main = fs::absolute(file).lexically_normal();
    workdir_ = options_.pgbouncer_workdir.empty() ? main.parent_path()
                                                  : fs::absolute(options_.pgbouncer_workdir);
    out_.path = options_.root.display(main);
    for (const auto& k : all_keys()) {
      if (!k.exists_in(minor_)) continue;
      const char* def = k.default_in(minor_);
      current_setting s;
      if (def != nullptr) {
        s.shown = convert(k.type, def, minor_).shown;
        s.written = def;
      } else if (k.type == value_type::integer) {
        s.shown = "0";  // a NULL default leaves the C global at 0 (e.g. verbose)
      } else {
        s.null = true;  // e.g. auth_user: SHOW CONFIG prints NULL
      }
      if (k.name == "conffile") {
        s.shown = out_.path;  // the path pgbouncer was started with
        s.null = false;
      }
      settings_[std::string(k.name)] = std::move(s);
    }
    auto text = read(main, std::nullopt);
    if (text) load_text(*text, out_.path, 0);
    if (text && !got_main_section_) {
      add(make_finding("CP001",
                       "main section [pgbouncer] missing from the configuration: pgbouncer "
                       "refuses to start",
                       source_location{out_.path, {1, 1}, {1, 1}}, "pgbouncer"),
          fatal);
    }
    finish();
  }

 private:
  void add(finding f, bool is_fatal) {
    if (is_fatal) out_.accepted = false;
    out_.diagnostics.push_back(std::move(f));
  }

  static source_location span(const std::string& file, source_position b, source_position e) {
    return source_location{file, b, e};
  }

  std::optional<std::string> read(const fs::path& path, std::optional<source_location> from) {
    auto result = options_.reader(path, options_.limits);
    if (auto* text = std::get_if<std::string>(&result)) {
      out_.files_read.push_back(options_.root.display(path));
      return *text;
    }
    const auto& failure = std::get<read_failure>(result);
    out_.complete = false;
    bool too_large = failure.kind == read_failure_kind::too_large;
    std::string shown = options_.root.display(path);
    std::string message =
        from ? fmt::format("could not load included file \"{}\": {}", shown, failure.message)
             : fmt::format("could not load file \"{}\": {}", shown, failure.message);
    finding f = make_finding(too_large ? "CP006" : "CP005", message, from, "include:" + shown);
    add(std::move(f), failure.kind != read_failure_kind::binary || !from);
    return std::nullopt;
  }

  void load_text(const std::string& text, const std::string& file, int depth) {
    for (const auto& item : parse_ini(text, file)) {
      switch (item.what) {
        case ini_item::kind::syntax_error:
          add(make_finding("CP001", item.name + ": pgbouncer stops loading here",
                           span(file, item.name_begin, item.name_end), "syntax"),
              fatal);
          break;
        case ini_item::kind::include:
          include(item, file, depth);
          break;
        case ini_item::kind::section:
          section(item, file);
          break;
        case ini_item::kind::key_value:
          key_value(item, file);
          break;
      }
    }
  }

  void include(const ini_item& item, const std::string& file, int depth) {
    auto where = span(file, item.name_begin, item.name_end);
    if (depth >= max_include_depth) {
      add(make_finding("CP006",
                       fmt::format("include nesting level too deep (more than {} levels): "
                                   "pgbouncer stops loading here",
                                   max_include_depth),
                       where, "include:" + item.name),
          fatal);
      return;
    }
    // doc/config.md "Include directive": a relative name is taken relative to the current working
    // directory of pgbouncer, not to the including file.
    fs::path target = fs::path(item.name);
    if (target.is_relative()) target = workdir_ / target;
    target = target.lexically_normal();
    used_workdir_ = true;
    if (!options_.root.may_read(target)) {
      out_.complete = false;
      finding f = make_finding(
          "CP007",
          fmt::format("included file \"{}\" is outside the project root: its settings are unknown",
                      item.name),
          where, "include:" + item.name);
      f.notes.push_back("pass --allow-outside-root to read it");
      add(std::move(f), false);
      return;
    }
    auto text = read(target, where);
    if (text) load_text(*text, options_.root.display(target), depth + 1);
  }

  void section(const ini_item& item, const std::string& file) {
    auto where = span(file, item.name_begin, item.name_end);
    section_ = item.name;
    section_known_ = true;
    if (item.name == "pgbouncer") {
      got_main_section_ = true;
      reset_main_section(where);
      return;
    }
    if (item.name == "databases" || item.name == "users" ||
        (item.name == "peers" && minor_ >= 19)) {
      return;
    }
    section_known_ = false;
    finding f = make_finding(
        "CP601", fmt::format("invalid section \"{}\": pgbouncer refuses to start", item.name),
        where, "section:" + item.name);
    if (item.name == "peers") {
      f.notes.push_back(fmt::format("[peers] exists in {}", versions_from(19)));
    } else {
      f.notes.push_back(minor_ >= 19
                            ? "pgbouncer knows [pgbouncer], [databases], [users] and [peers]; "
                              "section names are case-sensitive"
                            : "pgbouncer knows [pgbouncer], [databases] and [users]; section "
                              "names are case-sensitive");
    }
    add(std::move(f), fatal);
  }

  // cfparser.c fill_defaults: every [pgbouncer] header sets every key that has a default back to
  // it, so only the settings after the last header count (tool-behaviour.md pgbouncer 1.18 #1).
  void reset_main_section(const source_location& where) {
    std::vector<related_location> discarded;
    for (auto& [name, s] : settings_) {
      const key_info* k = find_key(name);
      const char* def = k->default_in(minor_);
      if (def == nullptr) continue;  // a NULL default is never re-applied
      if (s.origin.kind == source_kind::file) {
        discarded.push_back({s.origin.location, fmt::format("{} = {} is discarded", name,
                                                            shown_text(name, s.written))});
        out_.shadowed.push_back({name, shown_text(name, s.shown), s.origin});
        s.shown = convert(k->type, def, minor_).shown;
        s.written = def;
        s.origin = connplan::source::default_value();
      }
    }
    if (discarded.empty()) return;
    finding f = make_finding(
        "CP603",
        fmt::format("this [pgbouncer] header resets the section to its defaults: {} earlier "
                    "setting{} discarded",
                    discarded.size(), discarded.size() == 1 ? " is" : "s are"),
        where, "section-reset");
    f.related = std::move(discarded);
    f.notes.push_back(
        "every [pgbouncer] header (also in %include files) sets every key back to "
        "its default; only the settings after the last one count");
    add(std::move(f), false);
  }

  static std::string shown_text(const std::string& name, const std::string& value) {
    if (!value.empty() && is_secret_name(name)) return std::string(redacted);
    return redact_secrets(value);
  }

  void key_value(const ini_item& item, const std::string& file) {
    auto key_at = span(file, item.name_begin, item.name_end);
    auto value_at = span(file, item.value_begin, item.value_end);
    if (!section_) {
      add(make_finding("CP001",
                       fmt::format("value without section: \"{}\" comes before any [section] "
                                   "header; pgbouncer refuses to start",
                                   item.name),
                       key_at, "no-section:" + item.name),
          fatal);
      return;
    }
    if (!section_known_) return;  // already reported at the header
    if (*section_ == "pgbouncer") {
      main_key(item, file, key_at, value_at);
    } else if (*section_ == "databases") {
      database(item, file);
    } else if (*section_ == "users") {
      user(item, file);
    } else {
      peer(item, file);
    }
  }

  void main_key(const ini_item& item, const std::string& file, const source_location& key_at,
                const source_location& value_at) {
    (void)file;
    const key_info* k = find_key(item.name);
    if (k == nullptr || !k->exists_in(minor_)) {
      finding f = make_finding(
          "CP601",
          fmt::format("unknown parameter \"{}\" in [pgbouncer] for pgbouncer {}: pgbouncer "
                      "refuses to start",
                      item.name, version_name(minor_)),
          key_at, "pgbouncer." + item.name);
      if (k != nullptr)
        f.notes.push_back(fmt::format("{} exists in {}", item.name, versions_from(k->since)));
      if (k == nullptr) f.notes.push_back("parameter names are case-sensitive");
      add(std::move(f), fatal);
      return;
    }
    auto converted = convert(k->type, item.value, minor_);
    if (!converted.ok) {
      finding f = make_finding(
          "CP602",
          fmt::format("invalid value \"{}\" for parameter {}: pgbouncer refuses to start",
                      shown_text(item.name, item.value), item.name),
          value_at, "pgbouncer." + item.name);
      f.notes.push_back(expected_text(*k));
      if (item.value.find_first_of(";#") != std::string::npos) {
        f.notes.push_back(
            "';' and '#' start a comment only at the beginning of a line; later "
            "in a line they are part of the value");
      }
      add(std::move(f), fatal);
      return;
    }
    auto& s = settings_[item.name];
    if (s.origin.kind == source_kind::file) {
      out_.shadowed.push_back({item.name, shown_text(item.name, s.shown), s.origin});
    }
    s.shown = converted.shown;
    s.null = false;
    s.written = item.value;
    s.origin = connplan::source::from_file(value_at);
  }

  std::string expected_text(const key_info& k) const {
    switch (k.type) {
      case value_type::integer:
        return "expected an integer (decimal, 0x hexadecimal or 0 octal); booleans are 0 or 1";
      case value_type::unsigned_integer:
        return "expected an unsigned integer";
      case value_type::time:
        return "expected a number of seconds (fractions allowed, no units)";
      default: {
        std::string names;
        for (auto n : lookup_names(k.type, minor_)) {
          if (!names.empty()) names += ", ";
          names += n;
        }
        return "expected one of: " + names;
      }
    }
  }

  source_location pair_span(const std::string& file, const ini_item& item, std::size_t offset,
                            std::size_t length) const {
    source_position b{item.value_begin.line,
                      item.value_begin.column + static_cast<std::uint32_t>(offset)};
    source_position e{b.line, b.column + static_cast<std::uint32_t>(length == 0 ? 0 : length - 1)};
    return source_location{file, b, e};
  }

  // The pairs of an entry, or nullopt after reporting a syntax error.
  std::optional<connstr_parse> pairs(const ini_item& item, const std::string& file,
                                     std::string_view what, bool is_fatal) {
    auto parsed = parse_connstr(item.value);
    if (parsed.error_at) {
      finding f = make_finding("CP001",
                               fmt::format("syntax error in {} of \"{}\": {}", what, item.name,
                                           redact_secrets(parsed.error)),
                               pair_span(file, item, *parsed.error_at, 1),
                               std::string(what) + ":" + item.name);
      f.notes.push_back(
          "pgbouncer separates key=value pairs by spaces and has no comments after "
          "a value; quote a value containing spaces with '...'");
      add(std::move(f), is_fatal);
      return std::nullopt;
    }
    return parsed;
  }

  finding unknown_entry_key(entry_section where, std::string_view section_name,
                            const std::string& entry, const std::string& key,
                            const source_location& at) const {
    auto since = entry_key_since(where, key);
    finding f = make_finding(
        "CP601",
        fmt::format("unrecognized {} parameter \"{}\" in [{}] entry \"{}\" for pgbouncer {}",
                    where == entry_section::users ? "user" : "connection", key, section_name, entry,
                    version_name(minor_)),
        at, fmt::format("{}.{}.{}", section_name, entry, key));
    if (since) f.notes.push_back(fmt::format("{} exists in {}", key, versions_from(*since)));
    return f;
  }

  void database(const ini_item& item, const std::string& file) {
    auto name_at = span(file, item.name_begin, item.name_end);
    if (item.name == "pgbouncer") {
      add(make_finding("CP602",
                       "database name \"pgbouncer\" is reserved for the admin console: pgbouncer "
                       "refuses to start",
                       name_at, "databases.pgbouncer"),
          fatal);
      return;
    }
    // parse_database: "*" only stores the string; it is checked when a client first connects to
    // a database that has no entry, so its problems are warnings, not a refusal to start.
    bool is_fallback = item.name == "*";
    bool entry_fatal = !is_fallback;
    auto parsed = pairs(item, file, "connection string", entry_fatal);
    if (!parsed) {
      if (is_fallback) demote_last();
      return;
    }
    db_state db;
    db.name = item.name;
    db.location = name_at;
    db.text = redact_secrets(item.value);
    bool ok = true;
    for (const auto& p : parsed->pairs) {
      auto key_at = pair_span(file, item, p.key_offset, p.key.size());
      auto value_at = pair_span(file, item, p.value_offset, p.value.size());
      auto from = connplan::source::from_file(value_at);
      auto since = entry_key_since(entry_section::databases, p.key);
      if (!since || *since > minor_) {
        add(unknown_entry_key(entry_section::databases, "databases", item.name, p.key, key_at),
            entry_fatal);
        if (is_fallback) demote_last();
        ok = false;
        break;  // parse_database stops at the first bad parameter
      }
      if (p.key == "dbname") {
        db.dbname = sourced<std::string>{p.value, from};
      } else if (p.key == "host") {
        db.host = sourced<std::string>{p.value, from};
      } else if (p.key == "port") {
        long long port = loader_atoi(p.value);
        if (port == 0) {
          add(make_finding("CP602",
                           fmt::format("invalid port \"{}\" in [databases] entry \"{}\"", p.value,
                                       item.name),
                           value_at, "databases." + item.name + ".port"),
              entry_fatal);
          if (is_fallback) demote_last();
          ok = false;
          break;
        }
        db.port = {port, from};
      } else if (p.key == "user") {
        db.user = sourced<std::string>{p.value, from};
      } else if (p.key == "password") {
        db.has_password = true;
      } else if (p.key == "pool_size") {
        db.pool_size = sourced<long long>{loader_atoi(p.value), from};
      } else if (p.key == "min_pool_size") {
        db.min_pool_size = sourced<long long>{loader_atoi(p.value), from};
      } else if (p.key == "reserve_pool" || p.key == "reserve_pool_size") {
        db.reserve_pool = sourced<long long>{loader_atoi(p.value), from};
      } else if (p.key == "max_db_connections") {
        db.max_db_connections = sourced<long long>{loader_atoi(p.value), from};
      } else if (p.key == "pool_mode") {
        auto mode = convert(value_type::pool_mode, p.value, minor_);
        if (!mode.ok) {
          add(make_finding("CP602",
                           fmt::format("invalid pool mode \"{}\" in [databases] entry \"{}\"",
                                       p.value, item.name),
                           value_at, "databases." + item.name + ".pool_mode"),
              entry_fatal);
          if (is_fallback) demote_last();
          ok = false;
          break;
        }
        db.mode = sourced<pool_mode>{parse_mode(mode.shown), from};
      }
    }
    if (!ok) return;
    auto it = dbs_.find(item.name);
    if (it != dbs_.end()) {
      out_.shadowed.push_back({"databases." + item.name, it->second.text,
                               connplan::source::from_file(it->second.location)});
      // parse_database: "losing forced user not supported, keeping old setting".
      if (!db.user && it->second.user) db.user = it->second.user;
    }
    dbs_[item.name] = std::move(db);
  }

  // The "*" entry's problems only show when it is used.
  void demote_last() {
    auto& f = out_.diagnostics.back();
    f.severity = severity::warning;
    f.notes.push_back(
        "pgbouncer checks the \"*\" entry only when a client connects to a database "
        "without its own entry; then that connection fails");
  }

  void user(const ini_item& item, const std::string& file) {
    auto parsed = pairs(item, file, "user settings", fatal);
    if (!parsed) return;
    user_state u;
    u.name = item.name;
    u.location = span(file, item.name_begin, item.name_end);
    u.text = redact_secrets(item.value);
    for (const auto& p : parsed->pairs) {
      auto key_at = pair_span(file, item, p.key_offset, p.key.size());
      auto value_at = pair_span(file, item, p.value_offset, p.value.size());
      auto from = connplan::source::from_file(value_at);
      auto since = entry_key_since(entry_section::users, p.key);
      if (!since || *since > minor_) {
        add(unknown_entry_key(entry_section::users, "users", item.name, p.key, key_at), fatal);
        return;
      }
      if (p.key == "pool_mode") {
        auto mode = convert(value_type::pool_mode, p.value, minor_);
        if (!mode.ok) {
          add(make_finding("CP602",
                           fmt::format("invalid pool mode \"{}\" in [users] entry \"{}\"", p.value,
                                       item.name),
                           value_at, "users." + item.name + ".pool_mode"),
              fatal);
          return;
        }
        u.mode = sourced<pool_mode>{parse_mode(mode.shown), from};
      } else if (p.key == "max_user_connections") {
        u.max_user_connections = sourced<long long>{loader_atoi(p.value), from};
      } else if (p.key == "pool_size") {
        u.pool_size = sourced<long long>{loader_atoi(p.value), from};
      } else if (p.key == "reserve_pool_size") {
        u.reserve_pool = sourced<long long>{loader_atoi(p.value), from};
      }
      // The 1.24+ per-user timeouts are accepted and not modelled.
    }
    auto it = users_.find(item.name);
    if (it != users_.end()) {
      out_.shadowed.push_back({"users." + item.name, it->second.text,
                               connplan::source::from_file(it->second.location)});
    }
    users_[item.name] = std::move(u);
  }

  void peer(const ini_item& item, const std::string& file) {
    auto parsed = pairs(item, file, "peer settings", fatal);
    if (!parsed) return;
    for (const auto& p : parsed->pairs) {
      if (!entry_key_since(entry_section::peers, p.key)) {
        add(unknown_entry_key(entry_section::peers, "peers", item.name, p.key,
                              pair_span(file, item, p.key_offset, p.key.size())),
            fatal);
        return;
      }
    }
  }

  // --- the finished model -------------------------------------------------------------------

  sourced<long long> integer(const std::string& name) const {
    const auto& s = settings_.at(name);
    return {std::strtoll(s.shown.c_str(), nullptr, 10), s.origin};
  }
  sourced<std::string> text(const std::string& name) const {
    const auto& s = settings_.at(name);
    return {s.shown, s.origin};
  }

  void finish() {
    out_.version = version_name(minor_);
    if (used_workdir_) out_.include_workdir = options_.root.display(workdir_);
    for (const auto& [name, s] : settings_) {
      out_.settings[name] = setting{name, shown_text(name, s.shown), s.null, s.origin};
    }
    auto& g = out_.global;
    g.max_client_conn = integer("max_client_conn");
    g.default_pool_size = integer("default_pool_size");
    g.min_pool_size = integer("min_pool_size");
    g.reserve_pool_size = integer("reserve_pool_size");
    const auto& timeout = settings_.at("reserve_pool_timeout");
    g.reserve_pool_timeout = {std::strtod(timeout.shown.c_str(), nullptr), timeout.origin};
    g.max_db_connections = integer("max_db_connections");
    g.max_user_connections = integer("max_user_connections");
    const auto& mode = settings_.at("pool_mode");
    g.mode = {parse_mode(mode.shown), mode.origin};
    g.ignore_startup_parameters = text("ignore_startup_parameters");
    g.listen_addr = text("listen_addr");
    g.listen_port = integer("listen_port");
    g.auth_type = text("auth_type");
    g.auth_file = text("auth_file");

    for (const auto& [name, db] : dbs_) {
      database_entry e = effective(db);
      if (name == "*") {
        out_.fallback = std::move(e);
      } else {
        out_.databases.push_back(std::move(e));
      }
    }
    for (const auto& [name, u] : users_) {
      user_entry e;
      e.name = u.name;
      e.location = u.location;
      e.mode = u.mode;
      if (minor_ >= 23 && u.pool_size && u.pool_size->value >= 0) e.pool_size = u.pool_size;
      if (minor_ >= 24 && u.reserve_pool && u.reserve_pool->value >= 0) {
        e.reserve_pool = u.reserve_pool;
      }
      // src/server.c user_max_connections: a value <= 0 falls back to the global.
      e.max_user_connections = u.max_user_connections && u.max_user_connections->value > 0
                                   ? *u.max_user_connections
                                   : g.max_user_connections;
      out_.users.push_back(std::move(e));
    }
  }

  // SHOW DATABASES (src/admin.c admin_show_databases @ 1.18): a negative per-entry size means
  // "not set" and shows the global; max_connections is database_max_connections() (<= 0 → global).
  database_entry effective(const db_state& db) const {
    const auto& g = out_.global;
    database_entry e;
    e.name = db.name;
    e.location = db.location;
    e.host = db.host ? sourced<std::optional<std::string>>{db.host->value, db.host->origin}
                     : sourced<std::optional<std::string>>{};
    e.port = db.port;
    e.dbname =
        db.dbname ? *db.dbname : sourced<std::string>{db.name, connplan::source::default_value()};
    if (db.user) e.forced_user = {db.user->value, db.user->origin};
    e.has_password = db.has_password;
    auto pick = [](const maybe<long long>& own, const sourced<long long>& global,
                   std::optional<long long>& kept) {
      if (own && own->value >= 0) {
        kept = own->value;
        return *own;
      }
      return global;
    };
    e.pool_size = pick(db.pool_size, g.default_pool_size, e.own_pool_size);
    e.min_pool_size = pick(db.min_pool_size, g.min_pool_size, e.own_min_pool_size);
    e.reserve_pool = pick(db.reserve_pool, g.reserve_pool_size, e.own_reserve_pool);
    if (db.max_db_connections && db.max_db_connections->value > 0) {
      e.max_db_connections = *db.max_db_connections;
      e.own_max_db_connections = db.max_db_connections->value;
    } else {
      e.max_db_connections = g.max_db_connections;
    }
    if (db.mode) {
      e.mode = *db.mode;
      e.mode_inherited = false;
    } else {
      e.mode = g.mode;
      e.mode_inherited = true;
    }
    return e;
  }

  const inspect_options& options_;
  int minor_;
  config& out_;
  fs::path workdir_;
  bool used_workdir_ = false;
  std::optional<std::string> section_;
  bool section_known_ = false;
  bool got_main_section_ = false;
  std::map<std::string, current_setting> settings_;
  std::map<std::string, db_state> dbs_;
  std::map<std::string, user_state> users_;
};

}  // namespace

config load(const fs::path& file, const inspect_options& options) {
  auto minor = parse_version(options.pgbouncer_version);
  if (!minor) {
    throw error(fmt::format("unknown pgbouncer version \"{}\" (connplan knows {} … {})",
                            options.pgbouncer_version, version_name(oldest_minor),
                            version_name(newest_minor)));
  }
  config out;
  loader(options, *minor, out).run(file);
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), canonical_less);
  return out;
}

}  // namespace connplan::pgbouncer
