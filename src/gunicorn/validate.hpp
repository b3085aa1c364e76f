// Converting a config-file value as gunicorn's validators do (gunicorn/config.py @ 20.1.0 …
// 23.0.0), without running anything: `int(val, 0)` for strings, bools as ints, "true"/"false"
// strings, a `bind` string as a one-element list, hooks checked for their arity.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "connplan/python/evaluate.hpp"
#include "gunicorn/catalogue.hpp"

namespace connplan::gunicorn::detail {

struct validated {
  enum class outcome { ok, invalid, unknown };
  outcome status = outcome::ok;
  nlohmann::json value;  // ok: the converted value (callables and classes as their name)
  std::string error;   // invalid: the exception text gunicorn prints ("Value must be positive: -1")
  std::string reason;  // unknown: why the value cannot be known without running gunicorn
  bool is_class = false;  // worker_class / logger_class given a class object, not a string
};

// The number of positional parameters of a function defined in the file, by name; nullopt when
// the model cannot see its definition.
using arity_lookup = std::function<std::optional<int>(std::string_view function_name)>;

// One known value (not unknown, not alternatives) through the setting's validator.
[[nodiscard]] validated validate(const setting_info& setting, const python::value& v,
                                 const arity_lookup& arity);

// CPython's `int(text, 0)`: surrounding whitespace, a sign, 0x/0o/0b prefixes, single underscores
// between digits; a decimal number may not start with 0 ("010" is an error). nullopt when CPython
// raises ValueError; `too_large` is set when it would be an int beyond 64 bits.
[[nodiscard]] std::optional<std::int64_t> int_base0(std::string_view text,
                                                    bool* too_large = nullptr);
// CPython's `int(text)` (base 10; whitespace, sign, underscores).
[[nodiscard]] std::optional<std::int64_t> int_base10(std::string_view text);

// Python's str() of a value, as gunicorn prints it in "Invalid value for <name>: <value>".
[[nodiscard]] std::string python_str(const python::value& v);
// Python's repr() of a string: 'text' (or "text" when it contains a single quote).
[[nodiscard]] std::string python_repr(std::string_view s);
// The name of a callable as gunicorn's --print-config shows it: "<function post_fork>" ->
// "post_fork".
[[nodiscard]] std::string callable_name(const python::value& v);

}  // namespace connplan::gunicorn::detail
