// Evaluating a settings module (never running it) and inspecting it.
#include "connplan/django.hpp"
#include "django/versions.hpp"

namespace connplan::django {

settings_model load(const std::filesystem::path& file, const inspect_options& options) {
  python::evaluate_options eval;
  eval.root = options.root;
  eval.python_path = options.python_path;
  eval.env = options.env;
  eval.cpus = options.cpus;
  eval.reader = options.reader;
  eval.limits = options.limits;
  // Check the version first: a usage error must not wait for the evaluation.
  (void)detail::parse_version(options.django_version);
  return build_model(python::evaluate_file(file, eval), model_options{options.django_version});
}

inspected_file inspect(const std::filesystem::path& file, const inspect_options& options) {
  return to_inspected_file(load(file, options));
}

}  // namespace connplan::django
