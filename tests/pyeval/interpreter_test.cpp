// Tests of src/pyeval/interpreter.cpp: statements, branches, loops, functions, classes.
#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(interpreter, assignment_forms) {
  // Reference §7.2: "a = b = 1" assigns the same object to each target; starred unpacking takes
  // a list of the middle items.
  module_result r = eval_text(
      "a = b = [1]\na.append(2)\nx, *mid, y = 1, 2, 3, 4\n(p, (q, s)) = 1, (2, 3)\n"
      "n = 1\nn += 2\nT: int = 5\n");
  EXPECT_EQ(json_of(r, "b"), nlohmann::json({1, 2}));
  EXPECT_EQ(json_of(r, "mid"), nlohmann::json({2, 3}));
  EXPECT_EQ(json_of(r, "y"), 4);
  EXPECT_EQ(json_of(r, "s"), 3);
  EXPECT_EQ(json_of(r, "n"), 3);
  EXPECT_EQ(json_of(r, "T"), 5);
}

TEST(interpreter, subscript_stores_mutate_every_alias) {
  module_result r = eval_text(
      "DATABASES = {'default': {'CONN_MAX_AGE': 0}}\nalias = DATABASES['default']\n"
      "DATABASES['default']['CONN_MAX_AGE'] = 60\ndel DATABASES['default']['CONN_MAX_AGE']\n"
      "DATABASES['default']['CONN_MAX_AGE'] = 90\n");
  EXPECT_EQ(json_of(r, "alias")["CONN_MAX_AGE"], 90);
  std::vector<std::string> history;
  for (const write_event& w : r.writes) {
    if (w.target == "DATABASES['default']['CONN_MAX_AGE']") history.push_back(repr(w.stored));
  }
  EXPECT_EQ(history, (std::vector<std::string>{"0", "60", "<unbound>", "90"}));
}

TEST(interpreter, known_condition_runs_only_its_branch) {
  module_result r = eval_text(
      "DEBUG = False\nif DEBUG:\n    X = 1\nelif 1 + 1 == 2:\n    X = 2\nelse:\n    X = 3\n");
  EXPECT_EQ(json_of(r, "X"), 2);
}

TEST(interpreter, unknown_condition_joins_branches) {
  module_result r = eval_text(
      "import os\nDB = {'default': {'CONN_MAX_AGE': 0}}\nY = 'keep'\n"
      "if os.environ.get('PROD'):\n    X = 1\n    DB['default']['CONN_MAX_AGE'] = 600\n    Z = 5\n"
      "else:\n    X = 2\nW = X\n");
  EXPECT_EQ(repr(global(r, "X")), "<one of: 1, 2>");
  EXPECT_EQ(repr(global(r, "Z")), "<one of: 5, <unbound>>");
  EXPECT_EQ(json_of(r, "Y"), "keep");
  // The dict is joined in place: one dict whose member has alternatives.
  EXPECT_EQ(repr(global(r, "DB")), "{'default': {'CONN_MAX_AGE': <one of: 600, 0>}}");
  bool conditional = false;
  for (const write_event& w : r.writes) {
    if (w.target == "DB['default']['CONN_MAX_AGE']" && w.stored.integer == 600)
      conditional = w.conditional;
  }
  EXPECT_TRUE(conditional);
}

TEST(interpreter, raising_branches_do_not_continue) {
  module_result r = eval_text(
      "import os\nX = os.environ.get('X')\nif not X:\n    raise ValueError('x')\nY = 1\n");
  EXPECT_EQ(json_of(r, "Y"), 1);
  module_result known = eval_text("X = 1\nraise RuntimeError()\nY = 2\n");
  EXPECT_EQ(known.globals.count("Y"), 0u);
}

TEST(interpreter, try_body_and_handlers_are_both_possible) {
  module_result r =
      eval_text("import os\ntry:\n    W = int(os.environ['W'])\nexcept KeyError:\n    W = 4\n");
  EXPECT_EQ(global(r, "W").kind, value_kind::alternatives);
  // An ImportError handler does not run when nothing can raise ImportError.
  module_result s = eval_text("try:\n    X = 1\nexcept ImportError:\n    X = 2\n");
  EXPECT_EQ(json_of(s, "X"), 1);
}

TEST(interpreter, loops) {
  module_result r = eval_text(
      "import os\nT = 0\nfor i in [1, 2, 3]:\n    if i == 3:\n        break\n    T += i\nelse:\n   "
      " T = -1\n"
      "for h in os.environ['HOSTS'].split(','):\n    LAST = h\nn = 0\nwhile n < 5:\n    n += 1\n");
  EXPECT_EQ(json_of(r, "T"), 3);
  EXPECT_EQ(global(r, "LAST").reason, "assigned in a loop over unknown data");
  EXPECT_EQ(json_of(r, "n"), 5);
  module_result endless = eval_text("n = 0\nwhile True:\n    n += 1\n");
  EXPECT_EQ(global(endless, "n").kind, value_kind::unknown);
}

TEST(interpreter, functions_with_global_and_return) {
  // Reference §7.12: "global" makes the listed names refer to module globals (Tandoor's settings
  // build DATABASES this way).
  module_result r = eval_text(
      "DATABASES = None\ndef setup(age=60):\n    global DATABASES\n    DATABASES = {'default': "
      "{'CONN_MAX_AGE': age}}\n"
      "    return DATABASES\nRESULT = setup(age=600)\n"
      "def envint(name, default):\n    return int(default)\nN = envint('X', '5')\n"
      "def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nF = fact(3)\n");
  EXPECT_EQ(json_of(r, "DATABASES")["default"]["CONN_MAX_AGE"], 600);
  EXPECT_EQ(json_of(r, "RESULT")["default"]["CONN_MAX_AGE"], 600);
  EXPECT_EQ(json_of(r, "N"), 5);
  EXPECT_EQ(global(r, "F").kind, value_kind::unknown);  // recursion is not followed
  bool logged = false;
  for (const write_event& w : r.writes)
    logged = logged || w.target == "DATABASES['default']['CONN_MAX_AGE']";
  EXPECT_TRUE(logged);
}

// evaluate.hpp write_event::member_depth: a fresh dict's members are marked with their depth below
// the store, wherever their values came from (HOST's value is made on line 1), so a model can tell
// one store's members from the next store; the module's `DATABASES = setup()` is a store of its
// own (depth 0) after the function's.
TEST(interpreter, members_of_a_stored_dict_carry_their_depth) {
  module_result r = eval_text(
      "HOST = 'db'\ndef setup():\n    global DATABASES\n"
      "    DATABASES = {'default': {'HOST': HOST, 'CONN_MAX_AGE': 30}}\n"
      "    return DATABASES\nDATABASES = setup()\nDATABASES['default']['CONN_MAX_AGE'] = 0\n");
  std::vector<std::string> log;
  for (const write_event& w : r.writes) {
    if (w.target.rfind("DATABASES", 0) == 0)
      log.push_back(std::to_string(w.member_depth) + " " + w.target + " @" +
                    std::to_string(w.where.begin.line));
  }
  EXPECT_EQ(log,
            (std::vector<std::string>{
                "0 DATABASES @4", "1 DATABASES['default'] @4", "2 DATABASES['default']['HOST'] @1",
                "2 DATABASES['default']['CONN_MAX_AGE'] @4", "0 DATABASES @6",
                "1 DATABASES['default'] @4", "2 DATABASES['default']['HOST'] @1",
                "2 DATABASES['default']['CONN_MAX_AGE'] @4",
                "0 DATABASES['default']['CONN_MAX_AGE'] @7"}));
}

TEST(interpreter, classes_and_properties) {
  module_result r = eval_text(
      "class Base:\n    DEBUG = False\n    @property\n    def DATABASES(self):\n        return {}\n"
      "class Prod(Base):\n    DEBUG = True\nX = Prod.DEBUG\nY = Base.DEBUG\n");
  EXPECT_EQ(json_of(r, "X"), true);
  EXPECT_EQ(json_of(r, "Y"), false);
  const value& base = global(r, "Base");
  ASSERT_TRUE(base.dict);
  const value* dbs = base.dict->find("DATABASES");
  ASSERT_NE(dbs, nullptr);
  EXPECT_EQ(dbs->kind, value_kind::unknown);
}

TEST(interpreter, with_binds_unknown_targets) {
  module_result r = eval_text("with open('x') as f:\n    DATA = 1\n");
  EXPECT_EQ(global(r, "f").kind, value_kind::unknown);
  EXPECT_EQ(json_of(r, "DATA"), 1);
}

}  // namespace
}  // namespace connplan::python::testing

namespace connplan::python::testing {
namespace {

// The containers a model reads from the write log are snapshots: DATABASES (Django's CONN_MAX_AGE
// history) and Celery's `app.conf.x`; a later in-place change is an event of its own.
TEST(interpreter, logged_databases_and_celery_conf_are_snapshots_of_the_store) {
  module_result r = eval_text(
      "DATABASES = {'default': {'CONN_MAX_AGE': 0}}\n"
      "DATABASES['default']['CONN_MAX_AGE'] = 60\n"
      "import celery\napp = celery.Celery('x')\napp.conf.imports = ['a']\n"
      "app.conf.imports.append('b')\n");
  std::vector<std::string> databases, imports;
  for (const write_event& w : r.writes) {
    if (w.target == "DATABASES") databases.push_back(repr(w.stored));
    if (w.target == "app.conf.imports") imports.push_back(repr(w.stored));
  }
  EXPECT_EQ(databases, (std::vector<std::string>{"{'default': {'CONN_MAX_AGE': 0}}"}));
  ASSERT_FALSE(imports.empty());
  EXPECT_EQ(imports.front(), "['a']");
}

// Other stores share the live container instead of copying it: a copy per `+=` or `.append` made
// the log quadratic in the length of a growing list (bench/README.md, pyeval/list_growth).
TEST(interpreter, other_logged_containers_are_shared_not_copied) {
  module_result r =
      eval_text("INSTALLED_APPS = ['a']\nINSTALLED_APPS += ['b']\nINSTALLED_APPS.append('c')\n");
  const value& live = global(r, "INSTALLED_APPS");
  ASSERT_TRUE(live.items);
  std::size_t stores = 0;
  for (const write_event& w : r.writes) {
    if (w.target.rfind("INSTALLED_APPS", 0) != 0) continue;
    EXPECT_EQ(w.stored.items, live.items) << w.target;
    ++stores;
  }
  EXPECT_GE(stores, 2U);
  EXPECT_EQ(repr(live), "['a', 'b', 'c']");
}

}  // namespace
}  // namespace connplan::python::testing
