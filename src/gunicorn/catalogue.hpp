// gunicorn's settings, per version: 20.1 generated from Debian's gunicorn by
// scripts/gen_gunicorn_catalogue.py (catalogue_20_1.inc); 21.0, 22.0 and 23.0 written as deltas
// from gunicorn's changelog (docs/source/news.rst) and gunicorn/config.py at those tags.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace connplan::gunicorn::detail {

// The validator gunicorn/config.py attaches to a setting; the model converts values as it does.
enum class validator {
  string,                  // validate_string
  list_string,             // validate_list_string
  pos_int,                 // validate_pos_int
  boolean,                 // validate_bool
  class_name,              // validate_class
  dict,                    // validate_dict
  string_to_list,          // validate_string_to_list
  string_to_addr_list,     // validate_string_to_addr_list (23.0)
  reload_engine,           // validate_reload_engine
  list_of_existing_files,  // validate_list_of_existing_files
  ssl_version,             // validate_ssl_version (< 23.0)
  ssl_version_ignored,     // validate_ssl_version (23.0: deprecated, any value kept)
  user,                    // validate_user
  group,                   // validate_group
  chdir,                   // validate_chdir
  hostport,                // validate_hostport (20.1)
  statsd_address,          // validate_statsd_address (21.0+)
  callable,                // validate_callable(arity)
  post_request,            // validate_post_request (arity 2, 3 or 4)
  header_map,              // validate_header_map_behaviour (22.0+)
};

// How gunicorn computes the default when gunicorn.config is imported.
enum class default_rule {
  literal,              // `default_json`
  web_concurrency,      // int(os.environ.get("WEB_CONCURRENCY", 1))
  port,                 // ['0.0.0.0:$PORT'] when PORT is set, else `default_json`
  forwarded_allow_ips,  // os.environ.get("FORWARDED_ALLOW_IPS", <version default>)
  working_directory,    // util.getcwd(): the directory gunicorn starts in
  effective_uid,        // os.geteuid()
  effective_gid,        // os.getegid()
  hook,                 // a no-op function; `default_json` is its qualname
};

struct setting_info {
  std::string_view name;
  std::string_view section;
  std::string_view cli;  // "-w, --workers"; empty when only the config file sets it
  detail::validator check;
  int arity;  // callable: the number of positional parameters gunicorn requires; else -1
  detail::default_rule rule;
  std::string_view default_json;  // the default as JSON (for `port` etc. the env-free fallback)
  std::string_view summary;       // the first line of gunicorn's description
};

// "20.1", "21.0", "22.0", "23.0", oldest first.
[[nodiscard]] std::span<const std::string_view> known_versions();
[[nodiscard]] std::string_view newest_version();
[[nodiscard]] bool is_known_version(std::string_view version);

// Every setting of `version` (a known version) in gunicorn's order.
[[nodiscard]] const std::vector<setting_info>& settings_of(std::string_view version);
// Exact, case-sensitive lookup, as gunicorn's `k not in self.cfg.settings`.
[[nodiscard]] const setting_info* find_setting(std::string_view version, std::string_view name);

// For a name the target version does not know: the catalogued or later gunicorn version where it
// is a setting ("22.0", "24.0", ...), preferring the nearest one after `version`; the version that
// removed it when it existed before. nullopt when no gunicorn release has it.
struct other_version {
  std::string version;
  bool removed = false;  // true: it existed before `version` and was removed
};
[[nodiscard]] std::optional<other_version> where_known(std::string_view version,
                                                       std::string_view name);

}  // namespace connplan::gunicorn::detail
