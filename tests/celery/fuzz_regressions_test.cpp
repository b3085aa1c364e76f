// Inputs that crashed fuzz_python_models in the Celery model
// (fuzz/regressions/fuzz_python_models/).
#include <gtest/gtest.h>

#include "celery/sources.hpp"
#include "connplan/python/evaluate.hpp"

namespace connplan::celery::detail {
namespace {

// use-after-free-conditional-setting (fixtures/gunicorn/conditional.py read as a Celery config):
// a name bound in one branch only kept its one bound alternative by assigning an element of the
// value to the value itself, which freed the element mid-copy (ASan: heap-use-after-free).
TEST(fuzz_regressions, a_name_bound_on_one_path_is_a_conditional_setting) {
  python::evaluate_options options;
  options.root.dir = "/connplan-test-root";
  auto m = python::evaluate_source(
      "import os\nif os.environ.get('HIGH_LOAD'):\n    worker_class = 'gevent'\n"
      "else:\n    workers = 2\n",
      "/connplan-test-root/celeryconfig.py", options);
  auto keys = module_keys(m, false);
  const raw_setting* wc = nullptr;
  for (const auto& k : keys) {
    if (k.name == "worker_class") wc = &k;
  }
  ASSERT_NE(wc, nullptr);
  EXPECT_TRUE(wc->conditional);
  EXPECT_EQ(wc->value.kind, python::value_kind::string);
  EXPECT_EQ(wc->value.text, "gevent");
}

}  // namespace
}  // namespace connplan::celery::detail
