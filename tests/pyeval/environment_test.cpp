// Tests of src/pyeval/environment.cpp: os.environ, django-environ, python-decouple, cpu_count.
#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(environment, os_environ_get_uses_env_then_default) {
  // Library reference, os.getenv: "Return the value of the environment variable key as a string
  // if it exists, or default if it doesn't".
  module_result r = eval_text(
      "import os\nA = os.environ.get('A', 'x')\nB = os.getenv('B', 5)\nC = os.environ['A']\n"
      "D = os.environ.get('MISSING')\nE = 'A' in os.environ\nF = 'MISSING' in os.environ\n",
      {{"A", "from-env"}});
  EXPECT_EQ(json_of(r, "A"), "from-env");
  EXPECT_EQ(global(r, "A").origin.kind, source_kind::env);
  EXPECT_EQ(global(r, "A").origin.detail, "A");
  EXPECT_EQ(json_of(r, "B"), 5);
  EXPECT_EQ(global(r, "B").origin.kind, source_kind::file);
  EXPECT_EQ(global(r, "B").origin.location.begin.line, 3u);
  EXPECT_EQ(json_of(r, "C"), "from-env");
  EXPECT_EQ(global(r, "D").kind, value_kind::unknown);
  EXPECT_EQ(global(r, "D").reason, "environment variable MISSING is not set and has no default");
  EXPECT_EQ(json_of(r, "E"), true);
  EXPECT_EQ(global(r, "F").kind, value_kind::unknown);
}

TEST(environment, setdefault_is_logged_and_returns_the_value) {
  module_result r = eval_text(
      "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n"
      "S = os.environ['DJANGO_SETTINGS_MODULE']\n");
  EXPECT_EQ(json_of(r, "S"), "proj.settings");
  ASSERT_EQ(r.calls.size(), 1u);
  EXPECT_EQ(r.calls[0].callee, "os.environ.setdefault");
  EXPECT_EQ(r.calls[0].args[1].text, "proj.settings");
}

TEST(environment, cpu_count_is_assumed_or_unknown) {
  module_result known =
      eval_text("import multiprocessing\nW = multiprocessing.cpu_count() * 2 + 1\n", {}, 4);
  EXPECT_EQ(json_of(known, "W"), 9);
  module_result unknown = eval_text("import os\nW = os.cpu_count()\n");
  EXPECT_EQ(global(unknown, "W").reason, "the CPU count is only known at run time");
}

TEST(environment, django_environ_scheme_casts_and_defaults) {
  // django-environ Env.parse_value: bool is `int(value) != 0`, else the lower-cased value in
  // BOOLEAN_TRUE_STRINGS = ('true', 'on', 'ok', 'y', 'yes', '1').
  module_result r = eval_text(
      "import environ\nenv = environ.Env(DEBUG=(bool, False), WORKERS=(int, 2))\n"
      "environ.Env.read_env()\n"
      "A = env('DEBUG')\nB = env('WORKERS')\nC = env.bool('OK')\nD = env.int('N', default=7)\n"
      "E = env.list('HOSTS')\nF = env('NOPE', default=None)\nG = env.str('S', default='d')\n"
      "H = env.bool('ZERO')\nI = env('MISSING')\nJ = env.float('FL')\n",
      {{"OK", "on"}, {"HOSTS", "a,b,"}, {"WORKERS", "3"}, {"ZERO", "0"}, {"FL", "1,5"}});
  EXPECT_EQ(json_of(r, "A"), false);
  EXPECT_EQ(json_of(r, "B"), 3);
  EXPECT_EQ(json_of(r, "C"), true);
  EXPECT_EQ(json_of(r, "D"), 7);
  EXPECT_EQ(json_of(r, "E"), nlohmann::json({"a", "b"}));
  EXPECT_TRUE(json_of(r, "F").is_null());
  EXPECT_EQ(global(r, "F").kind, value_kind::none);
  EXPECT_EQ(json_of(r, "G"), "d");
  EXPECT_EQ(json_of(r, "H"), false);
  EXPECT_EQ(global(r, "I").reason, "environment variable MISSING is not set and has no default");
  EXPECT_EQ(json_of(r, "J"), 1.5);
  bool read_env = false;
  for (const call_event& c : r.calls) read_env = read_env || c.callee == "environ.Env.read_env";
  EXPECT_TRUE(read_env);
}

TEST(environment, decouple_config_casts_defaults_too) {
  // python-decouple Config.get: the cast applies to the default; _cast_boolean accepts
  // 1/yes/true/on/y/t and 0/no/false/off/n/f/'' case-insensitively, else ValueError.
  module_result r = eval_text(
      "from decouple import config, Csv\nA = config('DEBUG', default=False, cast=bool)\n"
      "B = config('WORKERS', default='4', cast=int)\nC = config('HOSTS', cast=Csv())\n"
      "D = config('YES', cast=bool)\nE = config('BAD', cast=bool)\nF = config('MISSING')\n"
      "G = config('N', cast=lambda v: int(v) * 2)\n",
      {{"HOSTS", "a, b,'c,d'"}, {"YES", "T"}, {"BAD", "maybe"}, {"N", "21"}});
  EXPECT_EQ(json_of(r, "A"), false);
  EXPECT_EQ(json_of(r, "B"), 4);
  EXPECT_EQ(json_of(r, "C"), nlohmann::json({"a", "b", "c,d"}));
  EXPECT_EQ(json_of(r, "D"), true);
  EXPECT_EQ(global(r, "E").reason, "Not a boolean: maybe");
  EXPECT_EQ(global(r, "F").kind, value_kind::unknown);
  EXPECT_EQ(json_of(r, "G"), 42);
}

}  // namespace
}  // namespace connplan::python::testing
