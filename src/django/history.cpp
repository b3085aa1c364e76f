#include "django/history.hpp"

#include <algorithm>
#include <optional>

namespace connplan::django::detail {
namespace {

using how = python::write_event::how;

struct candidate {
  conn_max_age_write entry;
  value raw;              // the CONN_MAX_AGE value (for matching the final value)
  std::size_t event = 0;  // index of the write that produced it
};

value default_zero() {
  value v;
  v.kind = value_kind::integer;
  v.integer = 0;
  return v;
}

connplan::source where_of(const python::write_event& w) {
  return connplan::source::from_file(w.where);
}

// The CONN_MAX_AGE a dict stored for the alias implies: its key, or the default 0 (Django's
// setdefault) when it has none. Unknown stores make an unknown entry.
candidate from_alias_value(const value& alias_value, const python::write_event& w,
                           std::size_t index) {
  candidate c;
  c.event = index;
  c.entry.conditional = w.conditional;
  if (const value* cma = member(alias_value, "CONN_MAX_AGE")) {
    c.raw = *cma;
    c.entry.how = "dict";
  } else if (alias_value.kind == value_kind::dict) {
    c.raw = default_zero();
    c.entry.how = "reset";
  } else {
    // Unknown or alternatives: the member if every branch agrees is not known here.
    c.raw = alias_value;
    if (auto m = as_members(alias_value, nullptr)) {
      for (const auto& [k, v] : *m) {
        if (k == "CONN_MAX_AGE") c.raw = v;
      }
    }
    c.entry.how = "dict";
  }
  c.entry.value = to_entry(c.raw, "CONN_MAX_AGE", where_of(w));
  if (c.entry.how == "reset") c.entry.value.origin = where_of(w);
  return c;
}

std::string quoted(std::string_view key) {
  // Python's repr of a plain string key, as the evaluator writes targets.
  return "'" + std::string(key) + "'";
}

bool same_origin(const value& a, const value& b) {
  return a.origin.kind == source_kind::file && b.origin.kind == source_kind::file &&
         a.origin.location == b.origin.location;
}

}  // namespace

std::vector<std::string> split_target(std::string_view target) {
  std::vector<std::string> out;
  auto bracket = target.find('[');
  out.emplace_back(target.substr(0, bracket));
  while (bracket != std::string_view::npos) {
    std::size_t i = bracket + 1;
    std::string part;
    if (i < target.size() && (target[i] == '\'' || target[i] == '"')) {
      char quote = target[i];
      auto close = target.find(quote, i + 1);
      if (close == std::string_view::npos) break;
      part = std::string(target.substr(i + 1, close - i - 1));
      bracket = target.find('[', close);
    } else {
      auto close = target.find(']', i);
      if (close == std::string_view::npos) break;
      part = std::string(target.substr(i, close - i));
      bracket = target.find('[', close);
    }
    out.push_back(std::move(part));
  }
  return out;
}

std::vector<conn_max_age_write> conn_max_age_history(const std::vector<python::write_event>& writes,
                                                     std::string_view alias,
                                                     const value& final_value) {
  // The evaluator logs a fresh dict (a display or a call's result) and then each of its
  // constant-key members, depth first, as separate writes of the same store, each marked with its
  // depth below the store (write_event::member_depth). Reading the history from the member writes
  // (rather than from each stored dict) keeps it right whether a stored dict is a copy taken at
  // the store or the live object: the CONN_MAX_AGE a fresh dict had when it was stored is its
  // member write, and a fresh dict without that member had none. The depth, not the members'
  // locations, says where a store's members end: a member's location is where its value came
  // from (`'HOST': DB_HOST` is DB_HOST's line; the dict a function returned is the function's
  // code), so it can lie anywhere in the chain.
  std::vector<std::size_t> group_end(writes.size());
  std::vector<bool> is_member(writes.size(), false);
  for (std::size_t i = 0; i < writes.size(); ++i) {
    std::size_t j = i;
    if (writes[i].stored.kind == value_kind::dict) {
      while (j + 1 < writes.size() && writes[j + 1].member_depth > writes[i].member_depth) ++j;
    }
    group_end[i] = j;
    is_member[i] = writes[i].member_depth > 0;
  }
  auto group_has = [&](std::size_t i, std::string_view target) {
    for (std::size_t k = i + 1; k <= group_end[i]; ++k) {
      if (writes[k].target == target) return true;
    }
    return false;
  };
  const std::string alias_target = "DATABASES[" + quoted(alias) + "]";
  const std::string cma_target = alias_target + "['CONN_MAX_AGE']";

  std::vector<candidate> found;
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const auto& w = writes[i];
    // Imports bind the same objects again: they change no value.
    if (w.kind == how::star_import || w.kind == how::name_import) continue;
    if (w.kind == how::deletion && w.target != cma_target) continue;
    auto parts = split_target(w.target);
    if (parts.empty() || parts[0] != "DATABASES") continue;
    const bool fresh = group_end[i] > i;
    std::optional<candidate> c;
    if (parts.size() == 1) {
      // DATABASES = {...} rebinds every alias; DATABASES.update({...}) replaces the aliases it
      // names. A fresh dict's alias is handled at its own member write.
      if (fresh) continue;
      if (w.stored.kind == value_kind::dict) {
        if (const value* a = member(w.stored, alias)) c = from_alias_value(*a, w, i);
      } else if (w.kind != how::mutation) {
        // Alternatives (DATABASES bound in branches on something unknown, joined; or the result
        // of a function that did so): the alias's dict on each path, not DATABASES itself.
        value alias_value = w.stored;
        if (auto m = as_members(w.stored, nullptr)) {
          for (const auto& entry : *m) {
            if (entry.first == alias) alias_value = entry.second;
          }
        }
        c = from_alias_value(alias_value, w, i);
        // Binding again only values already in the history (`DATABASES = configure()` after
        // the function's own `global DATABASES` stores in those branches) changes nothing, as an
        // import does not.
        if (c->raw.kind == value_kind::alternatives &&
            std::all_of(c->raw.alternatives.begin(), c->raw.alternatives.end(),
                        [&](const value& alt) {
                          return std::any_of(found.begin(), found.end(), [&](const candidate& f) {
                            return same_origin(f.raw, alt) && json_of(f.raw) == json_of(alt);
                          });
                        })) {
          continue;
        }
      }
    } else if (parts.size() == 2 && parts[1] == alias) {
      if (fresh && group_has(i, cma_target)) continue;
      if (fresh) {
        candidate r;
        r.event = i;
        r.raw = default_zero();
        r.entry.how = "reset";
        r.entry.conditional = w.conditional;
        r.entry.value = value_entry::known(0, where_of(w));
        c = std::move(r);
      } else {
        c = from_alias_value(w.stored, w, i);
      }
      // A dict that merely defines the alias for the first time sets nothing.
      if (c->entry.how == "reset" && found.empty()) continue;
    } else if (parts.size() == 3 && parts[1] == alias && parts[2] == "CONN_MAX_AGE") {
      candidate m;
      m.event = i;
      m.entry.conditional = w.conditional;
      if (w.kind == how::deletion || w.stored.kind == value_kind::absent) {
        // `del DATABASES[alias]["CONN_MAX_AGE"]` or `.pop("CONN_MAX_AGE")`: back to the default.
        m.raw = default_zero();
        m.entry.how = "delete";
        m.entry.value = value_entry::known(0, where_of(w));
      } else {
        m.raw = w.stored;
        m.entry.how = is_member[i] ? "dict" : "assign";
        m.entry.value = to_entry(w.stored, "CONN_MAX_AGE", where_of(w));
      }
      c = std::move(m);
    }
    if (!c) continue;
    // The source of an assignment is the statement (or dict member) that made it.
    c->entry.value.origin = where_of(w);
    if (!found.empty()) {
      candidate& last = found.back();
      bool same_value = same_origin(last.raw, c->raw) && json_of(last.raw) == json_of(c->raw);
      bool repeated_reset =
          last.entry.how == "reset" && c->entry.how == "reset" && last.event + 1 == c->event;
      if (same_value || repeated_reset) {
        last.entry.value.origin = c->entry.value.origin;
        last.event = c->event;
        continue;
      }
    }
    found.push_back(std::move(*c));
  }

  // The effective one: the write that produced the final value (same value source), else the
  // last one with the final value, else none (the final value came from elsewhere).
  std::optional<std::size_t> effective;
  for (std::size_t i = found.size(); i-- > 0;) {
    if (same_origin(found[i].raw, final_value) && json_of(found[i].raw) == json_of(final_value)) {
      effective = i;
      break;
    }
  }
  if (!effective) {
    for (std::size_t i = found.size(); i-- > 0;) {
      if (found[i].raw.is_known() && final_value.is_known() &&
          json_of(found[i].raw) == json_of(final_value)) {
        effective = i;
        break;
      }
    }
  }
  if (!effective && !found.empty() && final_value.kind == value_kind::unknown &&
      !found.back().raw.is_known()) {
    effective = found.size() - 1;
  }
  std::vector<conn_max_age_write> out;
  for (std::size_t i = 0; i < found.size(); ++i) {
    found[i].entry.effective = effective && *effective == i;
    out.push_back(std::move(found[i].entry));
  }
  return out;
}

}  // namespace connplan::django::detail
