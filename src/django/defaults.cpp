#include "django/defaults.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>

namespace connplan::django::detail {
namespace {

value none() {
  return value{};
}

value boolean(bool b) {
  value v;
  v.kind = value_kind::boolean;
  v.boolean = b;
  return v;
}

value integer(std::int64_t i) {
  value v;
  v.kind = value_kind::integer;
  v.integer = i;
  return v;
}

value string(std::string_view s) {
  value v;
  v.kind = value_kind::string;
  v.text = std::string(s);
  return v;
}

value empty_dict() {
  value v;
  v.kind = value_kind::dict;
  v.dict = std::make_shared<python::dict_object>();
  return v;
}

// django/db/utils.py ensure_defaults @ 3.2 (configure_settings @ 4.1+), in Django's order:
// ATOMIC_REQUESTS False, AUTOCOMMIT True, ENGINE dummy, CONN_MAX_AGE 0, [CONN_HEALTH_CHECKS False,
// 4.1+], OPTIONS {}, TIME_ZONE None, then NAME, USER, PASSWORD, HOST, PORT "".
const std::vector<std::pair<std::string, value>>& common_defaults() {
  static const std::vector<std::pair<std::string, value>> table{{"ATOMIC_REQUESTS", boolean(false)},
                                                                {"AUTOCOMMIT", boolean(true)},
                                                                {"ENGINE", string(dummy_engine)},
                                                                {"CONN_MAX_AGE", integer(0)},
                                                                {"OPTIONS", empty_dict()},
                                                                {"TIME_ZONE", none()},
                                                                {"NAME", string("")},
                                                                {"USER", string("")},
                                                                {"PASSWORD", string("")},
                                                                {"HOST", string("")},
                                                                {"PORT", string("")}};
  return table;
}

// prepare_test_settings @ 3.2 (the TEST part of configure_settings @ 4.1+).
const std::vector<std::pair<std::string, value>>& test_defaults() {
  static const std::vector<std::pair<std::string, value>> table{{"CHARSET", none()},
                                                                {"COLLATION", none()},
                                                                {"MIGRATE", boolean(true)},
                                                                {"MIRROR", none()},
                                                                {"NAME", none()}};
  return table;
}

value* find(members& m, std::string_view key) {
  auto it = std::find_if(m.begin(), m.end(), [&](const auto& e) { return e.first == key; });
  return it == m.end() ? nullptr : &it->second;
}

void set_default(members& m, std::string_view key, const value& v) {
  if (!find(m, key)) m.emplace_back(std::string(key), v);
}

}  // namespace

const value* common_default(std::string_view key) {
  for (const auto& [k, v] : common_defaults()) {
    if (k == key) return &v;
  }
  return nullptr;
}

members with_defaults(members alias, const version& target) {
  // A key bound on some paths only: on the others Django's default applies.
  for (auto& [key, v] : alias) {
    const value* fill = common_default(key);
    if (v.kind != value_kind::alternatives || !fill) continue;
    std::vector<value> options;
    for (const auto& alt : v.alternatives) {
      const value& use = alt.kind == value_kind::absent ? *fill : alt;
      if (std::none_of(options.begin(), options.end(), [&](const value& o) {
            return json_of(o) == json_of(use) && o.kind == use.kind;
          })) {
        options.push_back(use);
      }
    }
    if (options.size() == 1) {
      v = options.front();
    } else {
      v.alternatives = std::move(options);
    }
  }
  for (const auto& [key, v] : common_defaults()) {
    set_default(alias, key, v);
    if (key == "ENGINE") {
      // `if conn['ENGINE'] == 'django.db.backends.' or not conn['ENGINE']`: the dummy backend.
      value* engine = find(alias, "ENGINE");
      bool empty =
          engine->kind == value_kind::none ||
          (is_string(*engine) && (engine->text.empty() || engine->text == "django.db.backends."));
      if (empty) *engine = string(dummy_engine);
    }
    if (key == "CONN_MAX_AGE" && has_health_checks(target)) {
      set_default(alias, "CONN_HEALTH_CHECKS", boolean(false));
    }
  }
  // TEST: setdefault("TEST", {}) then setdefault of each test key; an existing TEST dict is
  // completed in place (a copy here: the model never writes back into the evaluator's values).
  value* test = find(alias, "TEST");
  if (!test) {
    alias.emplace_back("TEST", empty_dict());
    test = &alias.back().second;
  }
  if (test->kind == value_kind::dict) {
    value completed = *test;
    completed.dict =
        std::make_shared<python::dict_object>(test->dict ? *test->dict : python::dict_object{});
    for (const auto& [key, v] : test_defaults()) {
      bool present = std::any_of(completed.dict->entries.begin(), completed.dict->entries.end(),
                                 [&, &k = key](const python::dict_entry& e) {
                                   return e.key.kind == value_kind::string && e.key.text == k;
                                 });
      if (!present) completed.dict->entries.push_back({string(key), v});
    }
    *test = std::move(completed);
  }
  return alias;
}

}  // namespace connplan::django::detail
