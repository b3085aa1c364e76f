// The settings each Celery release knows (celery/app/defaults.py): new lower-case name, the old
// upper-case name Celery maps it from, the Option type and the default.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace connplan::celery::detail {

struct option {
  std::string_view name;          // "worker_concurrency"
  std::string_view old_name;      // "CELERYD_CONCURRENCY" (celery.app.defaults._TO_OLD_KEY)
  std::string_view type;          // Option.type: "int", "bool", "string", "dict", ...
  std::string_view default_json;  // the default as JSON text; a timedelta in seconds
};

class catalogue {
 public:
  catalogue(std::string version, std::vector<option> options);

  [[nodiscard]] const std::string& version() const { return version_; }
  [[nodiscard]] const std::vector<option>& options() const { return options_; }
  // By new name (SETTING_KEYS) and by old name (_OLD_SETTING_KEYS); nullptr when unknown.
  [[nodiscard]] const option* find(std::string_view name) const;
  [[nodiscard]] const option* find_old(std::string_view old_name) const;
  [[nodiscard]] nlohmann::json default_of(const option& o) const;

 private:
  std::string version_;
  std::vector<option> options_;  // sorted by name
  std::map<std::string, std::size_t, std::less<>> by_name_;
  std::map<std::string, std::size_t, std::less<>> by_old_name_;
};

// "5.2" … "5.6"; nullptr for a version outside the catalogue.
[[nodiscard]] const catalogue* catalogue_for(std::string_view version);
[[nodiscard]] std::span<const std::string_view> known_versions();
[[nodiscard]] std::string_view newest_version();

// The rows of Debian's Celery 5.2.6 (generated) and the hand-written changes of each later
// release, applied in order by catalogue_for.
struct version_delta {
  std::string_view version;
  std::vector<option> added;
  std::vector<option> changed_defaults;  // same name, new default
};
[[nodiscard]] std::span<const option> base_options();
[[nodiscard]] const std::vector<version_delta>& deltas();

}  // namespace connplan::celery::detail
