// The public entry points of evaluate.hpp.
#include "connplan/python/evaluate.hpp"

#include "connplan/redact.hpp"
#include "pyeval/interpreter.hpp"
#include "pyeval/values.hpp"
#include "python/encoding.hpp"

namespace connplan::python {

module_result evaluate_file(const std::filesystem::path& file, const evaluate_options& options) {
  detail::interpreter in(options);
  return in.run(file, std::nullopt);
}

module_result evaluate_source(std::string_view text, const std::filesystem::path& file,
                              const evaluate_options& options) {
  detail::interpreter in(options);
  return in.run(file, text);
}

std::string repr(const value& v) {
  return detail::python_repr(v);
}

namespace {

nlohmann::json json_at(const value& v, int depth, bool secret) {
  if (secret && v.is_known() && v.kind != value_kind::none) return std::string(redacted);
  if (depth > detail::max_value_depth) return nullptr;
  switch (v.kind) {
    case value_kind::none:
      return nullptr;
    case value_kind::boolean:
      return v.boolean;
    case value_kind::integer:
      return v.integer;
    case value_kind::floating:
      return v.floating;
    case value_kind::string:
      return redact_secrets(v.text);
    case value_kind::bytes:
      // Bytes that are not UTF-8 are shown as Python shows bytes (b'\xff'): they would not be
      // valid JSON (found by fuzz_python_models).
      return redact_secrets(python::detail::first_invalid_utf8(v.text) ? detail::python_repr(v)
                                                                       : v.text);
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set: {
      nlohmann::json out = nlohmann::json::array();
      for (const value& item : *v.items) out.push_back(json_at(item, depth + 1, false));
      return out;
    }
    case value_kind::dict: {
      bool string_keys = true;
      for (const dict_entry& e : v.dict->entries) {
        if (e.key.kind != value_kind::string) string_keys = false;
      }
      if (string_keys) {
        nlohmann::json out = nlohmann::json::object();
        for (const dict_entry& e : v.dict->entries) {
          out[e.key.text] = json_at(e.val, depth + 1, is_secret_name(e.key.text));
        }
        return out;
      }
      // Python's json.dumps turns int/float/bool/None keys into strings.
      nlohmann::json out = nlohmann::json::object();
      for (const dict_entry& e : v.dict->entries) {
        std::string key =
            e.key.kind == value_kind::string ? e.key.text : detail::python_repr(e.key);
        out[key] = json_at(e.val, depth + 1, is_secret_name(key));
      }
      return out;
    }
    case value_kind::callable:
    case value_kind::module:
    case value_kind::object:
      return redact_secrets(v.text);
    case value_kind::alternatives: {
      nlohmann::json alts = nlohmann::json::array();
      for (const value& a : v.alternatives) alts.push_back(json_at(a, depth + 1, secret));
      return nlohmann::json{{"alternatives", alts}};
    }
    case value_kind::unknown:
    case value_kind::absent:
      return nullptr;
  }
  return nullptr;
}

}  // namespace

nlohmann::json to_json(const value& v) {
  return json_at(v, 0, false);
}

}  // namespace connplan::python
