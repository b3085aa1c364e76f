// Tests of src/pyeval/imports.cpp: relative, dotted and star imports with aliasing.
#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(imports, star_import_shares_objects_with_the_base_module) {
  // domain.md §2.7 / Reference §7.11: `from .base import *` binds every public name; in-place
  // mutations modify the dict shared with base.
  temp_project p;
  p.write("proj/settings/__init__.py", "");
  p.write("proj/settings/base.py",
          "DATABASES = {'default': {'CONN_MAX_AGE': 0}}\n_PRIVATE = 1\nDEBUG = True\n");
  std::filesystem::path prod =
      p.write("proj/settings/production.py",
              "from .base import *\nfrom . import base\nDATABASES['default']['CONN_MAX_AGE'] = "
              "60\nDEBUG = False\n"
              "SEEN = base.DATABASES['default']['CONN_MAX_AGE']\n");
  module_result r = evaluate_file(prod, p.options());
  EXPECT_EQ(json_of(r, "SEEN"), 60);
  EXPECT_EQ(json_of(r, "DEBUG"), false);
  EXPECT_EQ(r.globals.count("_PRIVATE"), 0u);
  EXPECT_EQ(r.chain,
            (std::vector<std::string>{"proj/settings/production.py", "proj/settings/__init__.py",
                                      "proj/settings/base.py"}));
  int star = 0;
  for (const write_event& w : r.writes) {
    if (w.kind == write_event::how::star_import) {
      ++star;
      EXPECT_EQ(w.where.file, "proj/settings/production.py");
      EXPECT_EQ(w.where.begin.line, 1u);
    }
  }
  EXPECT_EQ(star, 2);  // DATABASES, DEBUG
}

TEST(imports, dotted_import_from_python_path_and_all) {
  temp_project p;
  p.write("config/__init__.py", "");
  p.write("config/common.py", "__all__ = ['A']\nA = 1\nB = 2\n");
  std::filesystem::path f =
      p.write("app.py", "from config.common import *\nimport config.common\nC = config.common.B\n");
  module_result r = evaluate_file(f, p.options());
  EXPECT_EQ(json_of(r, "A"), 1);
  EXPECT_EQ(r.globals.count("B"), 0u);
  EXPECT_EQ(json_of(r, "C"), 2);
}

TEST(imports, local_settings_in_try_except_import_error) {
  temp_project p;
  p.write("s/__init__.py", "");
  std::filesystem::path f = p.write(
      "s/settings.py",
      "DEBUG = False\ntry:\n    from .local import *\nexcept ImportError:\n    HANDLED = True\n");
  module_result missing = evaluate_file(f, p.options());
  EXPECT_EQ(json_of(missing, "HANDLED"), true);
  EXPECT_TRUE(missing.findings.empty());
  p.write("s/local.py", "DEBUG = True\n");
  module_result present = evaluate_file(f, p.options());
  EXPECT_EQ(json_of(present, "DEBUG"), true);
  EXPECT_EQ(present.globals.count("HANDLED"), 0u);
}

TEST(imports, cycles_see_partially_initialised_modules) {
  temp_project p;
  p.write("pkg/__init__.py", "");
  p.write("pkg/a.py", "X = 1\nfrom .b import Y\nZ = Y + 1\n");
  p.write("pkg/b.py", "from .a import X\nY = X + 10\n");
  module_result r = evaluate_file(p.dir() / "pkg/a.py", p.options());
  EXPECT_EQ(json_of(r, "Z"), 12);
}

TEST(imports, missing_and_outside_and_opaque) {
  temp_project p;
  std::filesystem::path f = p.write("a.py",
                                    "from .nothere import *\nfrom ..up import X\nimport "
                                    "django.conf\nfrom celery import Celery\n");
  module_result r = evaluate_file(f, p.options());
  std::vector<std::string> codes;
  for (const finding& x : r.findings) codes.push_back(x.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"CP005", "CP007"}));
  EXPECT_EQ(global(r, "X").kind, value_kind::unknown);
  EXPECT_EQ(global(r, "django").kind, value_kind::module);
  EXPECT_EQ(global(r, "Celery").text, "celery.Celery");
  module_result ok = evaluate_file(p.write("b.py", "import os\n"), p.options());
  EXPECT_TRUE(ok.findings.empty());
}

TEST(imports, unreadable_import_is_cp005_and_deep_chains_are_cp006) {
  temp_project p;
  p.write("pkg/__init__.py", "");
  std::filesystem::create_directories(p.dir() / "pkg/bad.py");  // a directory, not a file
  module_result r = evaluate_file(p.write("pkg/main.py", "from .bad import *\n"), p.options());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, "CP005");
  for (int i = 0; i < 40; ++i) {
    p.write("pkg/m" + std::to_string(i) + ".py",
            "from .m" + std::to_string(i + 1) + " import *\nV" + std::to_string(i) + " = 1\n");
  }
  p.write("pkg/m40.py", "END = 1\n");
  module_result deep = evaluate_file(p.dir() / "pkg/m0.py", p.options());
  bool cp006 = false;
  for (const finding& x : deep.findings) cp006 = cp006 || x.code == "CP006";
  EXPECT_TRUE(cp006);
  module_result shallow = evaluate_file(p.dir() / "pkg/m35.py", p.options());
  EXPECT_TRUE(shallow.findings.empty());
}

}  // namespace
}  // namespace connplan::python::testing
