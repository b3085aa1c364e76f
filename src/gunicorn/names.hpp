// Which module-level names a gunicorn config file reads (so helper variables are not reported as
// ignored settings), and the closest setting name for an ignored one.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "connplan/python/ast.hpp"

namespace connplan::gunicorn::detail {

// Every name the module loads anywhere (module level, function and class bodies, decorators,
// defaults, f-strings, comprehensions), not counting names only bound (assignment, `for`, `with`,
// `import` targets). `x[0] = 1` and `x.a = 1` load `x`.
[[nodiscard]] std::set<std::string> names_read(const python::module& m);

// The number of positional parameters of every function the module defines (any depth), by
// name; the last definition of a name wins, as Python rebinding does. This is what gunicorn's
// util.get_arity counts for a hook.
[[nodiscard]] std::map<std::string, int> function_arities(const python::module& m);

// Levenshtein distance over bytes.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The setting of `version` closest to `name` (compared in lower case), when it is close enough
// to be a likely misspelling: the lower-case form itself (`WORKERS`), or an edit distance of at
// most 1 for names up to 4 bytes, 2 up to 8 bytes, 3 beyond. Ties go to gunicorn's order.
[[nodiscard]] std::optional<std::string> did_you_mean(std::string_view name,
                                                      std::string_view version);

}  // namespace connplan::gunicorn::detail
