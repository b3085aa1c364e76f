// Celery's own reading of its configuration, emulated on abstract values: detect_settings
// (celery/app/utils.py) chooses the style and refuses mixed files, ConfigurationView
// (celery/utils/collections.py) looks each setting up through the prefix, the changes, the config
// object and the defaults, and Settings' properties let the environment override the URLs.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "celery/catalogue.hpp"
#include "connplan/celery.hpp"
#include "connplan/finding.hpp"
#include "connplan/python/evaluate.hpp"
#include "connplan/source.hpp"

namespace connplan::celery::detail {

// One key as a source holds it: a config object's attribute, or a change made through the app
// (`Celery(broker=...)`, `app.conf.update(...)`, `app.conf.x = ...`).
struct raw_setting {
  std::string name;
  python::value value;
  source_location where;  // the statement that set it
  bool conditional = false;
};

// A value as Celery would read it.
struct setting_value {
  python::value value;
  connplan::source origin;  // file, env or default
  std::string written_as;   // the name found in the source ("CELERYD_CONCURRENCY"); empty: default
  bool is_default = false;
  bool conditional = false;  // set inside a branch whose condition is unknown
};

struct resolve_input {
  const catalogue* cat = nullptr;
  // The config object's keys (`have` of detect_settings), last value per name. nullopt: no
  // config source, so detect_settings looks at the changes instead.
  std::optional<std::vector<raw_setting>> conf;
  std::vector<raw_setting> changes;   // in the order they were made
  std::set<std::string> auto_set;     // keys set by the Celery(...) constructor (ignore_keys)
  std::optional<std::string> prefix;  // the namespace without "_" ("CELERY"), if any
  std::map<std::string, std::string> env;
  // Config-object names read elsewhere in their file: helpers, not misspelt settings (CP401).
  std::set<std::string> helper_names;
  bool conf_is_django = false;  // only upper-case names are settings
};

struct resolution {
  bool accepted = true;
  bool old_style = false;                       // detect_settings chose the old names
  std::map<std::string, setting_value> values;  // every setting of the catalogue, by new name
  std::vector<old_name> old_names;
  std::vector<finding> findings;  // CP401, CP402, CP405
};

[[nodiscard]] resolution resolve(const resolve_input& in);

}  // namespace connplan::celery::detail
