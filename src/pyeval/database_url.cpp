// Database URLs turned into Django DATABASES entries, as the libraries do it:
// dj-database-url `parse` (jazzband/dj-database-url dj_database_url/__init__.py @ 0238c3a) and
// django-environ `Env.db_url_config` (joke2k/django-environ environ/environ.py @ 002fb5a), on top
// of Lib/urllib/parse.py's urlsplit, unquote and parse_qs.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "pyeval/interpreter.hpp"

namespace connplan::python::detail {
namespace {

struct split_url {
  std::string scheme, netloc, path, query;
  std::optional<std::string> username, password, hostname;
  std::optional<std::int64_t> port;
  std::string port_error;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string unquote(std::string_view s, bool plus) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (plus && s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// urllib.parse.urlsplit plus the username/password/hostname/port properties.
split_url urlsplit(std::string_view url) {
  split_url u;
  std::string_view rest = url;
  std::size_t colon = rest.find(':');
  if (colon != std::string_view::npos && colon > 0 &&
      std::isalpha(static_cast<unsigned char>(rest[0])) &&
      std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      })) {
    u.scheme = lower(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    std::size_t end = rest.find_first_of("/?#");
    if (end == std::string_view::npos) end = rest.size();
    u.netloc = std::string(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
    u.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  u.path = std::string(rest);
  std::string hostinfo = u.netloc;
  if (std::size_t at = u.netloc.rfind('@'); at != std::string::npos) {
    std::string userinfo = u.netloc.substr(0, at);
    hostinfo = u.netloc.substr(at + 1);
    std::size_t c = userinfo.find(':');
    u.username = userinfo.substr(0, c);
    if (c != std::string::npos) u.password = userinfo.substr(c + 1);
  }
  std::string host;
  std::string port;
  if (std::size_t br = hostinfo.find('['); br != std::string::npos) {
    std::string bracketed = hostinfo.substr(br + 1);
    std::size_t close = bracketed.find(']');
    host = bracketed.substr(0, close);
    std::string after = close == std::string::npos ? "" : bracketed.substr(close + 1);
    std::size_t c = after.find(':');
    port = c == std::string::npos ? "" : after.substr(c + 1);
  } else {
    std::size_t c = hostinfo.find(':');
    host = hostinfo.substr(0, c);
    port = c == std::string::npos ? "" : hostinfo.substr(c + 1);
  }
  if (!host.empty()) u.hostname = lower(host);
  if (!port.empty()) {
    if (!std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        port.size() > 9) {
      u.port_error = fmt::format("Port could not be cast to integer value as {}", "'" + port + "'");
    } else {
      std::int64_t p = std::stoll(port);
      if (p > 65535)
        u.port_error = "Port out of range 0-65535";
      else
        u.port = p;
    }
  }
  return u;
}

// parse_qs(query): '&'-separated name=value pairs, '+' as space, blank values dropped.
std::vector<std::pair<std::string, std::vector<std::string>>> parse_qs(std::string_view query) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(start, amp - start);
    start = amp + 1;
    std::size_t eq = pair.find('=');
    if (pair.empty() || eq == std::string_view::npos) continue;
    std::string name = unquote(pair.substr(0, eq), true);
    std::string val = unquote(pair.substr(eq + 1), true);
    if (val.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == name; });
    if (it == out.end())
      out.push_back({name, {val}});
    else
      it->second.push_back(val);
  }
  return out;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// ast.literal_eval of a query value, else the string (django-environ `_cast`).
value literal_cast(const std::string& s, const source& origin) {
  std::string error;
  std::string body = s;
  bool negative = !body.empty() && body[0] == '-';
  if (negative) body.erase(0, 1);
  if (is_digits(body) && (body.size() == 1 || body[0] != '0')) {
    if (std::optional<std::int64_t> i = parse_python_int(body, 10, error))
      return make_int(negative ? -*i : *i, origin);
  }
  if (s == "True") return make_bool(true, origin);
  if (s == "False") return make_bool(false, origin);
  if (s == "None") return make_none(origin);
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    return make_str(s.substr(1, s.size() - 2), origin);
  }
  if (s.find_first_of(".eE") != std::string::npos &&
      std::isdigit(static_cast<unsigned char>(body.empty() ? 'x' : body[0]))) {
    if (std::optional<double> d = parse_python_float(s)) return make_float(*d, origin);
  }
  return make_str(s, origin);
}

void put(value& d, const char* key, value v) {
  dict_store(*d.dict, make_str(key, d.origin), std::move(v));
}

value unknown_member(const value& url, const call_site& site) {
  return make_unknown(
      site.expr, url.kind == value_kind::unknown ? url.reason : "the database URL is not known",
      url.kind == value_kind::unknown ? url.origin : site.origin());
}

}  // namespace

value dj_database_url_parse(const value& url, const call_args& args, std::size_t first_option,
                            const call_site& site) {
  source origin = site.origin();
  auto option = [&](std::size_t offset, std::string_view name, value dflt) {
    const value* v = args.get(first_option + offset, name);
    return v != nullptr ? *v : dflt;
  };
  value engine = option(0, "engine", make_none(source::default_value()));
  value conn_max_age = option(1, "conn_max_age", make_int(0, source::default_value()));
  value health = option(2, "conn_health_checks", make_bool(false, source::default_value()));
  value no_cursors =
      option(3, "disable_server_side_cursors", make_bool(false, source::default_value()));
  value ssl_require = option(4, "ssl_require", make_bool(false, source::default_value()));
  value test_options = option(5, "test_options", make_none(source::default_value()));
  value d = make_dict(origin);
  if (url.kind != value_kind::string) {
    // The URL is not known: what does not depend on it is still known.
    for (const char* key : {"NAME", "USER", "PASSWORD", "HOST", "PORT"})
      put(d, key, unknown_member(url, site));
    put(d, "CONN_MAX_AGE", conn_max_age);
    put(d, "CONN_HEALTH_CHECKS", health);
    put(d, "DISABLE_SERVER_SIDE_CURSORS", no_cursors);
    put(d, "ENGINE", engine.kind == value_kind::string ? engine : unknown_member(url, site));
    put(d, "OPTIONS", unknown_member(url, site));
    return d;
  }
  source from = url.origin;
  static const std::array<std::pair<std::string_view, std::string_view>, 21> schemes = {{
      {"postgres", "django.db.backends.postgresql"},
      {"postgresql", "django.db.backends.postgresql"},
      {"pgsql", "django.db.backends.postgresql"},
      {"postgis", "django.contrib.gis.db.backends.postgis"},
      {"mongodb", "django_mongodb"},
      {"mongodb+srv", "django_mongodb"},
      {"mysql", "django.db.backends.mysql"},
      {"mysql2", "django.db.backends.mysql"},
      {"mysqlgis", "django.contrib.gis.db.backends.mysql"},
      {"mysql-connector", "mysql.connector.django"},
      {"mssql", "sql_server.pyodbc"},
      {"mssqlms", "mssql"},
      {"spatialite", "django.contrib.gis.db.backends.spatialite"},
      {"sqlite", "django.db.backends.sqlite3"},
      {"oracle", "django.db.backends.oracle"},
      {"oraclegis", "django.contrib.gis.db.backends.oracle"},
      {"redshift", "django_redshift_backend"},
      {"cockroach", "django_cockroachdb"},
      {"timescale", "timescale.db.backends.postgresql"},
      {"timescalegis", "timescale.db.backends.postgis"},
      {"", ""},
  }};
  if (url.text == "sqlite://:memory:") {
    put(d, "ENGINE", make_str("django.db.backends.sqlite3", from));
    put(d, "NAME", make_str(":memory:", from));
    return d;
  }
  split_url u = urlsplit(url.text);
  std::string path = u.path.empty() ? "" : u.path.substr(1);
  if (u.scheme == "sqlite" && path.empty()) path = ":memory:";
  std::string hostname = u.hostname.value_or("");
  if (hostname.find('%') != std::string::npos) {
    hostname = u.netloc;
    if (std::size_t at = hostname.rfind('@'); at != std::string::npos)
      hostname = hostname.substr(at + 1);
    hostname = unquote(hostname, false);
  }
  std::string engine_name;
  if (engine.kind == value_kind::string) {
    engine_name = engine.text;
  } else {
    for (const auto& [scheme, name] : schemes) {
      if (!scheme.empty() && scheme == u.scheme) engine_name = std::string(name);
    }
    if (engine_name.empty()) {
      return make_unknown(site.expr, fmt::format("No support for '{}'", u.scheme), origin);
    }
  }
  if (!u.port_error.empty()) return make_unknown(site.expr, u.port_error, origin);
  value port = make_str("", from);
  if (u.port && *u.port != 0) {
    bool as_text = engine_name == "django.db.backends.oracle" ||
                   engine_name == "sql_server.pyodbc" || engine_name == "mssql";
    port = as_text ? make_str(std::to_string(*u.port), from) : make_int(*u.port, from);
  } else if (u.port) {
    port = make_int(0, from);
  }
  put(d, "NAME", make_str(unquote(path, false), from));
  put(d, "USER", make_str(unquote(u.username.value_or(""), false), from));
  put(d, "PASSWORD", make_str(unquote(u.password.value_or(""), false), from));
  put(d, "HOST", make_str(hostname, from));
  put(d, "PORT", port.kind == value_kind::integer && port.integer == 0 ? make_str("", from) : port);
  put(d, "CONN_MAX_AGE", conn_max_age);
  put(d, "CONN_HEALTH_CHECKS", health);
  put(d, "DISABLE_SERVER_SIDE_CURSORS", no_cursors);
  put(d, "ENGINE", make_str(engine_name, engine.kind == value_kind::string ? engine.origin : from));
  if (test_options.kind == value_kind::dict && !test_options.dict->entries.empty())
    put(d, "TEST", test_options);
  // Query parameters become OPTIONS: digits -> int, true/false -> bool.
  value options = make_dict(from);
  for (const auto& [key, values] : parse_qs(u.query)) {
    if (u.scheme == "mysql" && key == "ssl-ca") {
      value ssl = make_dict(from);
      put(ssl, "ca", make_str(values.back(), from));
      dict_store(*options.dict, make_str("ssl", from), ssl);
      continue;
    }
    const std::string& v = values.back();
    value member = is_digits(v) ? make_int(std::stoll(v.substr(0, 18)), from)
                   : (lower(v) == "true" || lower(v) == "false")
                       ? make_bool(lower(v) == "true", from)
                       : make_str(v, from);
    dict_store(*options.dict, make_str(key, from), member);
  }
  if (truthiness(ssl_require).value_or(false))
    dict_store(*options.dict, make_str("sslmode", from), make_str("require", ssl_require.origin));
  static const std::array<std::string_view, 7> search_path = {
      "postgres", "postgresql", "pgsql", "postgis", "redshift", "timescale", "timescalegis"};
  value schema_key = make_str("currentSchema", from);
  if (const value* schema = dict_lookup(*options.dict, schema_key);
      schema != nullptr &&
      std::find(search_path.begin(), search_path.end(), u.scheme) != search_path.end()) {
    value opt = make_str("-c search_path=" + python_str(*schema), from);
    dict_erase(*options.dict, schema_key);
    dict_store(*options.dict, make_str("options", from), opt);
  }
  if (!options.dict->entries.empty()) put(d, "OPTIONS", options);
  return d;
}

value environ_db_url_config(const value& url, const value* engine, const call_site& site) {
  source origin = site.origin();
  value d = make_dict(origin);
  if (url.kind != value_kind::string) {
    // `?conn_max_age=` could set CONN_MAX_AGE; without the URL only the key set is known.
    for (const char* key : {"NAME", "USER", "PASSWORD", "HOST", "PORT", "ENGINE"})
      put(d, key, unknown_member(url, site));
    return d;
  }
  source from = url.origin;
  static const std::array<std::pair<std::string_view, std::string_view>, 22> schemes = {{
      {"postgres", "django.db.backends.postgresql"},
      {"postgresql", "django.db.backends.postgresql"},
      {"psql", "django.db.backends.postgresql"},
      {"pgsql", "django.db.backends.postgresql"},
      {"postgis", "django.contrib.gis.db.backends.postgis"},
      {"prometheus-postgresql", "django_prometheus.db.backends.postgresql"},
      {"prometheus-postgis", "django_prometheus.db.backends.postgis"},
      {"cockroachdb", "django_cockroachdb"},
      {"mysql", "django.db.backends.mysql"},
      {"mysql2", "django.db.backends.mysql"},
      {"mysql-connector", "mysql.connector.django"},
      {"mysqlgis", "django.contrib.gis.db.backends.mysql"},
      {"prometheus-mysql", "django_prometheus.db.backends.mysql"},
      {"mssql", "mssql"},
      {"oracle", "django.db.backends.oracle"},
      {"pyodbc", "sql_server.pyodbc"},
      {"redshift", "django_redshift_backend"},
      {"spatialite", "django.contrib.gis.db.backends.spatialite"},
      {"prometheus-spatialite", "django_prometheus.db.backends.spatialite"},
      {"sqlite", "django.db.backends.sqlite3"},
      {"prometheus-sqlite", "django_prometheus.db.backends.sqlite3"},
      {"ldap", "ldapdb.backends.ldap"},
  }};
  static const std::array<std::string_view, 7> postgres_family = {
      "postgres",          "postgresql", "psql", "pgsql", "postgis", "prometheus-postgresql",
      "prometheus-postgis"};
  static const std::array<std::string_view, 5> base_options = {
      "CONN_MAX_AGE", "ATOMIC_REQUESTS", "AUTOCOMMIT", "DISABLE_SERVER_SIDE_CURSORS",
      "CONN_HEALTH_CHECKS"};
  if (url.text == "sqlite://:memory:") {
    put(d, "ENGINE", make_str("django.db.backends.sqlite3", from));
    put(d, "NAME", make_str(":memory:", from));
    return d;
  }
  split_url u = urlsplit(url.text);
  std::string path = u.path.empty() ? "" : u.path.substr(1);
  path = unquote(path.substr(0, path.find('?')), true);
  if (u.scheme == "sqlite" && path.empty()) path = ":memory:";
  bool postgres =
      std::find(postgres_family.begin(), postgres_family.end(), u.scheme) != postgres_family.end();
  std::string netloc_host =
      u.netloc.substr(u.netloc.rfind('@') == std::string::npos ? 0 : u.netloc.rfind('@') + 1);
  netloc_host = unquote(netloc_host, false);
  value host;
  value port;
  if (postgres && netloc_host.find(',') != std::string::npos) {
    // A cluster DSN: hosts and ports joined by commas.
    std::string hosts;
    std::string ports;
    bool first_host = true;
    std::size_t start = 0;
    while (start <= netloc_host.size()) {
      std::size_t comma = netloc_host.find(',', start);
      if (comma == std::string::npos) comma = netloc_host.size();
      std::string h = netloc_host.substr(start, comma - start);
      start = comma + 1;
      std::string p;
      std::size_t c = h.rfind(':');
      if (h.rfind('[', 0) == 0) {
        std::size_t end = h.find(']');
        if (end != std::string::npos && end + 1 < h.size() && h[end + 1] == ':') {
          p = h.substr(end + 2);
          h = h.substr(0, end + 1);
        }
      } else if (c != std::string::npos && is_digits(h.substr(c + 1))) {
        p = h.substr(c + 1);
        h = h.substr(0, c);
      }
      hosts += (first_host ? "" : ",") + h;
      first_host = false;
      if (!p.empty()) ports += (ports.empty() ? "" : ",") + p;
    }
    host = make_str(hosts, from);
    port = ports.empty()
               ? make_str("", from)
               : (is_digits(ports) ? make_int(std::stoll(ports), from) : make_str(ports, from));
  } else {
    if (!u.port_error.empty()) return make_unknown(site.expr, u.port_error, origin);
    host = make_str(u.hostname.value_or(""), from);
    port = u.port && *u.port != 0 ? make_int(*u.port, from) : make_str("", from);
  }
  put(d, "NAME", make_str(path, from));
  put(d, "USER", make_str(unquote(u.username.value_or(""), false), from));
  put(d, "PASSWORD", make_str(unquote(u.password.value_or(""), false), from));
  put(d, "HOST", host);
  put(d, "PORT", port);
  if (postgres && !path.empty() && path[0] == '/') {
    std::size_t slash = path.rfind('/');
    put(d, "HOST", make_str(path.substr(0, slash), from));
    put(d, "NAME", make_str(path.substr(slash + 1), from));
  }
  if (!u.query.empty()) {
    value options = make_dict(from);
    for (const auto& [key, values] : parse_qs(u.query)) {
      std::string upper = key;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (std::find(base_options.begin(), base_options.end(), upper) != base_options.end()) {
        dict_store(*d.dict, make_str(upper, from), literal_cast(values.front(), from));
      } else {
        const std::string& v = values.front();
        dict_store(*options.dict, make_str(key, from),
                   is_digits(v) ? make_int(std::stoll(v.substr(0, 18)), from) : make_str(v, from));
      }
    }
    put(d, "OPTIONS", options);
  }
  std::string engine_name =
      engine != nullptr && engine->kind == value_kind::string ? engine->text : u.scheme;
  for (const auto& [scheme, name] : schemes) {
    if (scheme == engine_name) engine_name = std::string(name);
  }
  if (engine_name.empty()) return make_dict(from);  // "Engine not recognized from url": {}
  put(d, "ENGINE",
      make_str(engine_name,
               engine != nullptr && engine->kind == value_kind::string ? engine->origin : from));
  return d;
}

}  // namespace connplan::python::detail
