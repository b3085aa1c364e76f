// An abstract interpreter for Python configuration modules: it computes what a settings module, a
// gunicorn config or a Celery config sets WITHOUT executing it. Values it cannot know (an unset
// environment variable without a default, a call it does not model) are `unknown` with the source
// text, the location and a reason; branches whose condition is unknown give `alternatives`.
// Every store is logged with its location, so models can show the history of a setting.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/finding.hpp"
#include "connplan/paths.hpp"
#include "connplan/read_file.hpp"
#include "connplan/source.hpp"

namespace connplan::python {

enum class value_kind {
  none,
  boolean,
  integer,  // 64-bit; larger integers are unknown ("integer too large")
  floating,
  string,
  bytes,
  list,
  tuple,
  set,
  dict,
  callable,  // a function or class defined in the file, or a modelled/opaque library callable
  module,    // an imported module that was not evaluated (os, django, celery, ...)
  object,    // an opaque instance (celery.Celery(...), environ.Env(), pathlib.Path(...))
  unknown,
  alternatives,
  absent,  // only inside `alternatives`: on that path the name (or dict key) is not bound
};

struct dict_object;
// Evaluator-internal state behind a value: a function's code and defaults, a class's bases, an
// evaluated module's namespace, a bound method's receiver. Opaque to models.
struct opaque_state;

struct value {
  value_kind kind = value_kind::none;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  // string/bytes: the contents. callable/module/object: the qualified name of what it is
  // ("os.environ", "celery.Celery", "celery.Celery().conf", "<function envint>").
  std::string text;
  // list/tuple/set: the elements. Shared: lists, sets and dicts are mutable and aliased exactly as
  // in Python (a mutation of an imported dict is visible in the importer).
  std::shared_ptr<std::vector<value>> items;
  // dict: the entries. callable (a class defined in the file): the class namespace.
  // object: attributes stored on it (`app.conf.broker_url = ...`) and sub-objects read from it.
  // module (a file that was evaluated): not set; use `globals` of its module_result.
  std::shared_ptr<dict_object> dict;
  std::shared_ptr<opaque_state> internal;
  std::vector<value> alternatives;  // alternatives: each possible value (no nested alternatives)
  std::string expr;    // the source text that produced the value (kept for unknown/alternatives)
  std::string reason;  // unknown: why it cannot be known
  connplan::source origin;  // where the value came from (the literal, the env var, the default)

  [[nodiscard]] bool is_known() const {
    return kind != value_kind::unknown && kind != value_kind::alternatives &&
           kind != value_kind::absent;
  }
};

struct dict_entry {
  value key;
  value val;
};

// Insertion-ordered, as Python's dict.
struct dict_object {
  std::vector<dict_entry> entries;
  [[nodiscard]] const value* find(std::string_view string_key) const;
  value* find(std::string_view string_key);
};

// One store, in execution order: `DATABASES = {...}`, `DATABASES["default"]["CONN_MAX_AGE"] = 60`,
// `app.conf.broker_url = ...`, `del X`, a name bound by `from .base import *`.
struct write_event {
  // The target as a canonical path: `DATABASES`, `DATABASES['default']['CONN_MAX_AGE']`,
  // `app.conf.broker_url`. A store through a dict literal also logs each constant-key member:
  // `DATABASES = {"default": {"CONN_MAX_AGE": 0}}` logs `DATABASES`, `DATABASES['default']` and
  // `DATABASES['default']['CONN_MAX_AGE']`.
  std::string target;
  // The value stored. A container stored under `DATABASES...` or a `....conf...` target (what the
  // Django and Celery models read) is a copy as it was at this store; under any other target it is
  // the live object, so later in-place changes show in it (copying them all made the log quadratic
  // in repeated `+=`/`.append` of a list).
  value stored;
  source_location where;
  enum class how {
    assign,
    augmented,
    star_import,
    name_import,
    deletion,
    mutation
  } kind = how::assign;
  bool conditional = false;  // inside a branch whose condition is unknown
  // 0 for the store itself; n > 0 for a constant-key member logged with the fresh dict stored n
  // levels up by the same store (`DATABASES['default']` is 1, `...['CONN_MAX_AGE']` is 2). A
  // member's `where` is where its value came from (the literal, or a variable's earlier value),
  // which may lie outside the statement, so only this says which events belong to one store. A
  // byte (members are logged 4 levels deep at most): it fits beside `conditional`.
  std::uint8_t member_depth = 0;
};

// A call the evaluator did not evaluate but logged because models read it: any call of a method of
// an opaque object or module (`app.conf.update(...)`, `app.config_from_object(...)`).
struct call_event {
  std::string
      callee;  // qualified: "celery.Celery().conf.update", "celery.Celery().config_from_object"
  std::vector<value> args;
  std::map<std::string, value> kwargs;
  source_location where;
  bool conditional = false;
};

struct evaluate_options {
  project_root root;
  // Roots for dotted imports (`from settings.base import *`), absolute; default: the root.
  std::vector<std::filesystem::path> python_path;
  std::map<std::string, std::string> env;  // --env NAME=VALUE and connplan.toml [env]
  std::optional<int> cpus;                 // --assume cpus=N; else cpu_count() is unknown
  file_reader reader = default_file_reader();
  read_limits limits;
};

struct module_result {
  std::string path;                      // display path of the evaluated file
  std::map<std::string, value> globals;  // the final module namespace
  std::vector<write_event> writes;       // every store, across the import chain, in order
  std::vector<call_event> calls;
  std::vector<std::string> chain;  // display paths of every evaluated file, in import order
  std::vector<finding> findings;   // CP001/CP006 of parsed files, CP005 for unreadable imports, ...
  bool complete = true;            // false when any file of the chain could not be parsed whole
};

// Evaluates `file` (read through options.reader), following its imports.
[[nodiscard]] module_result evaluate_file(const std::filesystem::path& file,
                                          const evaluate_options& options);
// Evaluates `text` as if it were the contents of `file` (imports resolve relative to `file`).
[[nodiscard]] module_result evaluate_source(std::string_view text,
                                            const std::filesystem::path& file,
                                            const evaluate_options& options);

// Python's repr() of a known value (`'abc'`, `{'a': 1}`, `None`); `<unknown: EXPR>` otherwise.
// Not redacted: pass it through connplan::redact_secrets before it leaves the model.
[[nodiscard]] std::string repr(const value& v);

// JSON form of a known value (dicts with string keys as objects, tuples/sets as arrays, callables
// and objects as their qualified name); unknown values as null; alternatives as
// {"alternatives": [...]}. Secrets are redacted: strings pass through redact_secrets, and a dict
// member under a secret-named key (PASSWORD, SECRET_KEY, ...) is "***".
[[nodiscard]] nlohmann::json to_json(const value& v);

}  // namespace connplan::python
