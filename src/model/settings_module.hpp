// Which Django settings module a service runs with (issue 4): connplan.toml's [[service]] settings
// or [django] settings/module, else DJANGO_SETTINGS_MODULE from the environment or from the entry
// points that set it (manage.py, wsgi.py, asgi.py, celery.py: `os.environ.setdefault(...)`), else
// the discovered leaf settings module.
#pragma once

#include <optional>
#include <string>

#include "model/model_support.hpp"
#include "project/discovery.hpp"

namespace connplan::model_detail {

struct settings_choice {
  std::string path;    // display path of the settings file
  std::string origin;  // how it was chosen, for the assumption list
};

// A dotted module name → a file under the python_path roots ("crm.settings" → crm/settings.py or
// crm/settings/__init__.py); nullopt when no such file exists.
[[nodiscard]] std::optional<std::string> module_file(const builder& b, std::string_view dotted);

[[nodiscard]] std::optional<settings_choice> choose_settings(
    builder& b, const discovered_files& found, const service_decl* service,
    const std::map<std::string, std::string>& env);

}  // namespace connplan::model_detail
