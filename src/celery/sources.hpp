// Where a Celery app's settings come from, read off the evaluator's result: the keys of a config
// object, the changes an app module makes through `Celery(...)` and `app.conf`, the object it
// passes to `config_from_object`, and the Django settings module it names.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "celery/catalogue.hpp"
#include "celery/resolve.hpp"
#include "connplan/python/ast.hpp"
#include "connplan/python/evaluate.hpp"

namespace connplan::celery::detail {

// The keys a config object has, in the order they were first set, each with its final value and
// the last statement that set it. `upper_only`: a Django settings object (django/conf/__init__.py
// Settings copies only `setting.isupper()` names).
[[nodiscard]] std::vector<raw_setting> module_keys(const python::module_result& m, bool upper_only);
// The keys of a class used as a config object (its namespace), located at `where`.
[[nodiscard]] std::vector<raw_setting> class_keys(const python::value& cls,
                                                  const source_location& where);

// What an app module does, in statement order.
struct app_setup {
  bool has_app = false;
  python::value main_name;           // Celery("proj"); none when not given
  source_location main_where;        // the constructor call
  std::vector<raw_setting> changes;  // constructor URLs, conf.update, conf.x = , conf["x"] =
  std::set<std::string> auto_set;    // set by the constructor (detect_settings ignore_keys)
  std::optional<python::value> config_source;  // config_from_object's object, or config_source=
  source_location config_where;
  std::optional<std::string> namespace_name;
  // os.environ.setdefault("DJANGO_SETTINGS_MODULE", ...) in the file.
  std::optional<python::value> django_settings_module;
  source_location django_settings_where;
};

[[nodiscard]] app_setup read_app(const python::module_result& m, const python::module& tree);

// Names read (not only assigned) anywhere in the file: helper variables, not settings.
[[nodiscard]] std::set<std::string> names_read(const python::module& tree);

// Django settings rather than a Celery config module: Django's own settings are set, or a name
// only the CELERY_ namespace reads (`CELERY_BROKER_URL`, which is no old name) is.
[[nodiscard]] bool looks_like_django_settings(const std::vector<raw_setting>& keys,
                                              const catalogue& cat);

// The file of a dotted module name: `<root>/a/b/c.py` or `<root>/a/b/c/__init__.py` for each root.
[[nodiscard]] std::optional<std::filesystem::path> find_module_file(
    std::string_view dotted, const std::vector<std::filesystem::path>& roots);

}  // namespace connplan::celery::detail
