#include "django/values.hpp"

#include "pyeval/values.hpp"

#include <algorithm>
#include <cmath>

#include "connplan/redact.hpp"

namespace connplan::django::detail {
namespace {

using nlohmann::json;

std::string key_text(const value& k) {
  switch (k.kind) {
    case value_kind::string:
      return k.text;
    case value_kind::integer:
      return std::to_string(k.integer);
    case value_kind::boolean:
      return k.boolean ? "True" : "False";
    case value_kind::none:
      return "None";
    default:
      return k.expr.empty() ? k.text : k.expr;
  }
}

bool same_json(const value& a, const value& b) {
  return json_of(a) == json_of(b);
}

json scalar_json(const value& v, bool secret) {
  switch (v.kind) {
    case value_kind::none:
      return nullptr;
    case value_kind::boolean:
      return secret && v.boolean ? json(redacted) : json(v.boolean);
    case value_kind::integer:
      return secret ? json(redacted) : json(v.integer);
    case value_kind::floating:
      return secret ? json(redacted)
                    : (std::isfinite(v.floating) ? json(v.floating) : json(nullptr));
    case value_kind::string:
    case value_kind::bytes:
      if (secret && !v.text.empty()) return redacted;
      return redact_secrets(v.text);
    case value_kind::callable:
    case value_kind::module:
    case value_kind::object:
      return redact_secrets(v.text);
    default:
      return nullptr;
  }
}

json json_impl(const value& v, bool secret) {
  switch (v.kind) {
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set: {
      json out = json::array();
      if (v.items) {
        for (const auto& item : *v.items) out.push_back(json_impl(item, secret));
      }
      return out;
    }
    case value_kind::dict: {
      json out = json::object();
      if (v.dict) {
        for (const auto& e : v.dict->entries) {
          std::string k = key_text(e.key);
          out[k] = json_impl(e.val, secret || is_secret_name(k));
        }
      }
      return out;
    }
    case value_kind::unknown:
      return nullptr;
    case value_kind::alternatives:
      if (v.alternatives.empty()) return nullptr;
      return json_impl(v.alternatives[worst_index({}, v.alternatives)], secret);
    default:
      return scalar_json(v, secret);
  }
}

double number_of(const value& v) {
  if (v.kind == value_kind::integer) return static_cast<double>(v.integer);
  if (v.kind == value_kind::boolean) return v.boolean ? 1 : 0;
  return v.floating;
}

}  // namespace

const value* member(const value& v, std::string_view key) {
  if (v.kind != value_kind::dict || !v.dict) return nullptr;
  // Later duplicates win, as in a Python dict display.
  const value* found = nullptr;
  for (const auto& e : v.dict->entries) {
    if (e.key.kind == value_kind::string && e.key.text == key) found = &e.val;
  }
  return found;
}

std::optional<members> as_members(const value& v, absent_fn absent) {
  if (v.kind == value_kind::dict && v.dict) {
    members out;
    for (const auto& e : v.dict->entries) {
      std::string k = key_text(e.key);
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& m) { return m.first == k; });
      if (it != out.end()) {
        it->second = e.val;
      } else {
        out.emplace_back(std::move(k), e.val);
      }
    }
    return out;
  }
  if (v.kind != value_kind::alternatives) return std::nullopt;
  std::vector<members> branches;
  for (const auto& alt : v.alternatives) {
    if (auto m = as_members(alt, absent)) branches.push_back(std::move(*m));
  }
  if (branches.empty()) return std::nullopt;
  if (branches.size() == 1) return branches.front();
  // Union of the keys in first-seen order; per key, the distinct values of the branches.
  members out;
  for (const auto& branch : branches) {
    for (const auto& entry : branch) {
      // A named reference, not a structured binding: clang 14 cannot capture bindings.
      const auto& k = entry.first;
      if (std::none_of(out.begin(), out.end(), [&](const auto& m) { return m.first == k; })) {
        out.emplace_back(k, value{});
      }
    }
  }
  for (auto& entry : out) {
    const auto& k = entry.first;
    auto& merged = entry.second;
    std::vector<value> seen;
    auto add = [&](const value& candidate) {
      const std::vector<value>& parts = candidate.kind == value_kind::alternatives
                                            ? candidate.alternatives
                                            : std::vector<value>{candidate};
      for (const auto& part : parts) {
        // `absent`: the key is not bound on that path; the caller's default applies there.
        const value* d = part.kind == value_kind::absent && absent ? absent(k) : nullptr;
        if (part.kind == value_kind::absent && !d) continue;
        const value& p = d ? *d : part;
        if (std::none_of(seen.begin(), seen.end(), [&](const value& s) {
              return s.kind == p.kind && same_json(s, p) && s.is_known();
            })) {
          seen.push_back(p);
        }
      }
    };
    for (const auto& branch : branches) {
      auto it = std::find_if(branch.begin(), branch.end(),
                             [&, &key = k](const auto& m) { return m.first == key; });
      if (it != branch.end()) {
        add(it->second);
      } else if (absent) {
        if (const value* d = absent(k)) add(*d);
      }
    }
    if (seen.size() == 1) {
      merged = seen.front();
    } else {
      merged.kind = value_kind::alternatives;
      merged.alternatives = std::move(seen);
      merged.origin = v.origin;
      merged.expr = v.expr;
    }
  }
  return out;
}

bool is_number(const value& v) {
  return v.kind == value_kind::integer || v.kind == value_kind::floating ||
         v.kind == value_kind::boolean;
}

bool is_string(const value& v) {
  return v.kind == value_kind::string || v.kind == value_kind::bytes;
}

bool is_postgresql_engine(std::string_view engine) {
  return engine.find("postgres") != std::string_view::npos ||
         engine.find("postgis") != std::string_view::npos;
}

std::optional<bool> truthy(const value& v) {
  // Settings objects (an opaque instance) are taken as set; everything else as Python does.
  if (v.kind == value_kind::object) return true;
  return python::detail::truthiness(v);
}

json json_of(const value& v, std::string_view key) {
  return json_impl(v, !key.empty() && is_secret_name(key));
}

// Which alternative is worst for connections:
// - CONN_MAX_AGE: None (persistent without limit) over any number, then the largest number: the
//   longer connections live, the more stay open (django/db/backends/base/base.py `connect`).
// - DISABLE_SERVER_SIDE_CURSORS: a false value, since server-side cursors break under PgBouncer's
//   transaction pooling (docs/ref/databases.txt "Transaction pooling and server-side cursors").
// - ENGINE: a PostgreSQL backend, the only one whose connections count against PostgreSQL.
// - otherwise the largest number, true over false, else the first branch.
std::size_t worst_index(std::string_view key, const std::vector<value>& alternatives) {
  auto find = [&](auto pred) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      if (pred(alternatives[i])) return i;
    }
    return std::nullopt;
  };
  auto largest = [&]() -> std::optional<std::size_t> {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      if (!is_number(alternatives[i])) continue;
      if (!best || number_of(alternatives[i]) > number_of(alternatives[*best])) best = i;
    }
    return best;
  };
  if (key == "CONN_MAX_AGE") {
    if (auto i = find([](const value& v) { return v.kind == value_kind::none; })) return *i;
    if (auto i = largest()) return *i;
  } else if (key == "DISABLE_SERVER_SIDE_CURSORS") {
    if (auto i = find([](const value& v) { return truthy(v) == false; })) return *i;
  } else if (key == "ENGINE") {
    if (auto i =
            find([](const value& v) { return is_string(v) && is_postgresql_engine(v.text); })) {
      return *i;
    }
  }
  if (auto i = largest()) return *i;
  if (auto i = find([](const value& v) { return v.is_known(); })) return *i;
  return 0;
}

std::string shown_expr(std::string_view expr, std::string_view key) {
  std::string out = redact_secrets(expr);
  if (key.empty() || !is_secret_name(key)) return out;
  // Mask the contents of every string literal but the first (the variable's name in
  // env("DB_PASSWORD", default="...")).
  std::string masked;
  bool first = true;
  for (std::size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    if (c != '"' && c != '\'') {
      masked += c;
      continue;
    }
    std::size_t close = i + 1;
    while (close < out.size() && out[close] != c) close += out[close] == '\\' ? 2 : 1;
    if (close >= out.size()) {
      masked.append(out, i, std::string::npos);
      break;
    }
    masked += c;
    if (first || close == i + 1) {
      masked.append(out, i + 1, close - i - 1);
    } else {
      masked += redacted;
    }
    masked += c;
    first = false;
    i = close;
  }
  return masked;
}

connplan::source origin_or(const value& v, const connplan::source& fallback) {
  return v.origin.kind == source_kind::default_value ? fallback : v.origin;
}

value_entry to_entry(const value& v, std::string_view key, const connplan::source& fallback) {
  connplan::source from = origin_or(v, fallback);
  if (v.kind == value_kind::unknown) {
    return value_entry::unknown(shown_expr(v.expr, key), v.reason, from);
  }
  if (v.kind == value_kind::alternatives) {
    value_entry e;
    e.status = value_status::alternatives;
    for (const auto& alt : v.alternatives) e.alternatives.push_back(json_of(alt, key));
    if (!v.alternatives.empty())
      e.value = json_of(v.alternatives[worst_index(key, v.alternatives)], key);
    e.expr = shown_expr(v.expr, key);
    e.origin = std::move(from);
    return e;
  }
  return value_entry::known(json_of(v, key), std::move(from));
}

}  // namespace connplan::django::detail
