#include "gunicorn/catalogue.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace connplan::gunicorn::detail {
namespace {

constexpr std::array<std::string_view, 4> versions = {"20.1", "21.0", "22.0", "23.0"};

std::vector<setting_info> base_20_1() {
  return {
#include "gunicorn/catalogue_20_1.inc"
  };
}

void add_after(std::vector<setting_info>& list, std::string_view after, setting_info s) {
  auto it = std::find_if(list.begin(), list.end(),
                         [&](const setting_info& x) { return x.name == after; });
  list.insert(it == list.end() ? it : it + 1, s);
}

void remove(std::vector<setting_info>& list, std::string_view name) {
  std::erase_if(list, [&](const setting_info& x) { return x.name == name; });
}

setting_info& at(std::vector<setting_info>& list, std::string_view name) {
  return *std::find_if(list.begin(), list.end(),
                       [&](const setting_info& x) { return x.name == name; });
}

constexpr std::string_view server = "Server Mechanics";

// 21.0 (21.0.0–21.2.0 have the same settings). The changelog's items are coarse; the rows follow
// gunicorn/config.py @ 21.0.0 and @ 21.2.0.
std::vector<setting_info> make_21_0() {
  auto list = base_20_1();
  // news 21.0.0 "improve logging": logconfig_json, `--log-config-json` [config.py @ 21.0.0].
  add_after(list, "logconfig_dict",
            {"logconfig_json", "Logging", "--log-config-json", validator::string, -1,
             default_rule::literal, "null", "The log config to read config from a JSON file"});
  // news 21.0.0 "SSL: now use SSLContext object": the ssl_context hook, arity 2
  // [config.py @ 21.0.0 `class NewSSLContext`].
  add_after(list, "on_exit",
            {"ssl_context", "Server Hooks", "", validator::callable, 2, default_rule::hook,
             R"("NewSSLContext.ssl_context")", "Called when SSLContext is needed."});
  // statsd_host is parsed by util.parse_address from 21.0 (validate_statsd_address; default port
  // 8125, `unix://PATH` accepted) [config.py @ 21.0.0].
  at(list, "statsd_host").check = validator::statsd_address;
  // Debian's 20.1 carries the CVE-2024-1135 backport; upstream 21.x has no such setting
  // [config.py @ 21.2.0].
  remove(list, "tolerate_dangerous_framing");
  return list;
}

// 22.0: news 22.0.0 "** Breaking changes **" and "fix CVE-2024-1135" [config.py @ 22.0.0].
std::vector<setting_info> make_22_0() {
  auto list = make_21_0();
  // "HTTP methods are no longer casefolded by default" / "the limitations on valid characters in
  // the HTTP method have been bounded to Internet Standards".
  add_after(list, "strip_header_spaces",
            {"permit_unconventional_http_method", server, "--permit-unconventional-http-method",
             validator::boolean, -1, default_rule::literal, "false",
             "Permit HTTP methods not matching conventions, such as IANA registration guidelines"});
  // "HTTP versions < 1.0 or >= 2.0 are no longer accepted by default".
  add_after(list, "permit_unconventional_http_method",
            {"permit_unconventional_http_version", server, "--permit-unconventional-http-version",
             validator::boolean, -1, default_rule::literal, "false",
             "Permit HTTP version not matching conventions of 2023"});
  add_after(list, "permit_unconventional_http_version",
            {"casefold_http_method", server, "--casefold-http-method", validator::boolean, -1,
             default_rule::literal, "false", "Transform received HTTP methods to uppercase"});
  // "HTTP header field names Gunicorn cannot safely map to variables are silently dropped".
  add_after(list, "casefold_http_method",
            {"header_map", server, "--header-map", validator::header_map, -1, default_rule::literal,
             R"("drop")", "Configure how header field names are mapped into environ"});
  // "requests with both Transfer-Encoding and Content-Length are refused by default".
  add_after(list, "header_map",
            {"tolerate_dangerous_framing", server, "--tolerate-dangerous-framing",
             validator::boolean, -1, default_rule::literal, "false",
             "Process requests with both Transfer-Encoding and Content-Length"});
  return list;
}

// 23.0 [docs/source/news.rst @ 23.0.0; config.py @ 23.0.0].
std::vector<setting_info> make_23_0() {
  auto list = make_22_0();
  // "remove temporary --tolerate-dangerous-framing switch from 22.0 (#3260)".
  remove(list, "tolerate_dangerous_framing");
  // "include IPv6 loopback address [::1] in default for forwarded-allow-ips and proxy-allow-ips
  // (#3192)"; both are now checked with ipaddress (validate_string_to_addr_list).
  auto& forwarded = at(list, "forwarded_allow_ips");
  forwarded.default_json = R"("127.0.0.1,::1")";
  forwarded.check = validator::string_to_addr_list;
  auto& proxy = at(list, "proxy_allow_ips");
  proxy.default_json = R"("127.0.0.1,::1")";
  proxy.check = validator::string_to_addr_list;
  // "the SCRIPT_NAME and PATH_INFO headers, when received from allowed forwarders, are no longer
  // restricted (#3192)" came with the forwarder_headers setting; and permit_obsolete_folding
  // ("refuse requests with invalid CR/LR/NUL in header field values (#3253)" era).
  add_after(list, "header_map",
            {"forwarder_headers", server, "--forwarder-headers", validator::string_to_list, -1,
             default_rule::literal, R"("SCRIPT_NAME,PATH_INFO")",
             "A list containing upper-case header field names that the front-end proxy"});
  add_after(list, "strip_header_spaces",
            {"permit_obsolete_folding", server, "--permit-obsolete-folding", validator::boolean, -1,
             default_rule::literal, "false",
             "Permit requests employing obsolete HTTP line folding mechanism"});
  // ssl_version is deprecated: validate_ssl_version only warns and keeps the value
  // [config.py @ 23.0.0 "option `ssl_version` is deprecated and it is ignored"].
  at(list, "ssl_version").check = validator::ssl_version_ignored;
  return list;
}

// Setting names of gunicorn releases after the catalogue [domain.md §1.5: config.py @ 24.0.0,
// 25.0.0, 26.1.0], so a name from a newer gunicorn is reported as such, not as a typo.
const std::map<std::string_view, std::string_view>& later_names() {
  static const std::map<std::string_view, std::string_view> names = {
      {"asgi_lifespan", "24.0"},
      {"asgi_loop", "24.0"},
      {"protocol", "24.0"},
      {"root_path", "24.0"},
      {"uwsgi_allow_ips", "24.0"},
      {"dirty_apps", "25.0"},
      {"dirty_graceful_timeout", "25.0"},
      {"dirty_post_fork", "25.0"},
      {"dirty_threads", "25.0"},
      {"dirty_timeout", "25.0"},
      {"dirty_worker_exit", "25.0"},
      {"dirty_worker_init", "25.0"},
      {"dirty_workers", "25.0"},
      {"enable_backlog_metric", "25.0"},
      {"http2_initial_window_size", "25.0"},
      {"http2_max_concurrent_streams", "25.0"},
      {"http2_max_frame_size", "25.0"},
      {"http2_max_header_list_size", "25.0"},
      {"http_protocols", "25.0"},
      {"on_dirty_starting", "25.0"},
      {"asgi_disconnect_grace_period", "26.0"},
      {"control_socket", "26.0"},
      {"control_socket_disable", "26.0"},
      {"control_socket_mode", "26.0"},
      {"http_parser", "26.0"},
  };
  return names;
}

}  // namespace

std::span<const std::string_view> known_versions() {
  return versions;
}

std::string_view newest_version() {
  return versions.back();
}

bool is_known_version(std::string_view version) {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

const std::vector<setting_info>& settings_of(std::string_view version) {
  static const std::map<std::string_view, std::vector<setting_info>> all = {
      {"20.1", base_20_1()},
      {"21.0", make_21_0()},
      {"22.0", make_22_0()},
      {"23.0", make_23_0()},
  };
  auto it = all.find(version);
  return it == all.end() ? all.at(newest_version()) : it->second;
}

const setting_info* find_setting(std::string_view version, std::string_view name) {
  const auto& list = settings_of(version);
  auto it =
      std::find_if(list.begin(), list.end(), [&](const setting_info& s) { return s.name == name; });
  return it == list.end() ? nullptr : &*it;
}

std::optional<other_version> where_known(std::string_view version, std::string_view name) {
  auto self = std::find(versions.begin(), versions.end(), version);
  if (self == versions.end()) return std::nullopt;
  // The nearest later catalogued version first, then the releases after the catalogue.
  for (auto it = self + 1; it != versions.end(); ++it) {
    if (find_setting(*it, name)) return other_version{std::string(*it), false};
  }
  if (auto it = later_names().find(name); it != later_names().end()) {
    return other_version{std::string(it->second), false};
  }
  // Known before, gone now: the first version after the last one that had it.
  for (auto it = self; it != versions.begin();) {
    --it;
    if (find_setting(*it, name)) return other_version{std::string(*(it + 1)), true};
  }
  return std::nullopt;
}

}  // namespace connplan::gunicorn::detail
