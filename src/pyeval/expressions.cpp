// Expressions (The Python Language Reference 3.11, chapter 6) over abstract values: names,
// literals, displays, comprehensions, attribute and subscript access, calls, operators, f-strings,
// lambdas.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "connplan/redact.hpp"
#include "pyeval/interpreter.hpp"
#include "pyeval/operators.hpp"

namespace connplan::python::detail {
namespace {

bool is_capwords(std::string_view name) {
  if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) return false;
  return std::any_of(name.begin(), name.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

value bound_method(interpreter& in, const value& receiver, const std::string& name,
                   const source& origin) {
  auto state = in.new_opaque(opaque_state::what::bound_method);
  state->method = name;
  state->receiver = receiver;
  bool library = receiver.kind == value_kind::object || receiver.kind == value_kind::module ||
                 receiver.kind == value_kind::callable;
  value v = make_opaque(library ? value_kind::object : value_kind::callable,
                        (library ? receiver.text : std::string(type_name(receiver))) + "." + name,
                        origin);
  if (library) v.dict = std::make_shared<dict_object>();
  v.internal = std::move(state);
  return v;
}

// A slice of a list, tuple, str or bytes with Python's clamping (Objects/sliceobject.c
// PySlice_AdjustIndices).
value apply_slice(const value& seq, std::optional<std::int64_t> lo, std::optional<std::int64_t> hi,
                  std::int64_t step, const op_site& site) {
  if (step == 0) return make_unknown(site.expr, "slice step cannot be zero", site.origin);
  bool text = seq.kind == value_kind::string || seq.kind == value_kind::bytes;
  auto n = static_cast<std::int64_t>(text ? seq.text.size() : seq.items->size());
  auto adjust = [&](std::optional<std::int64_t> i, std::int64_t dflt) {
    if (!i) return dflt;
    std::int64_t x = *i < 0 ? *i + n : *i;
    if (step > 0) return std::clamp<std::int64_t>(x, 0, n);
    return std::clamp<std::int64_t>(x, -1, n - 1);
  };
  std::int64_t start = adjust(lo, step > 0 ? 0 : n - 1);
  std::int64_t stop = adjust(hi, step > 0 ? n : -1);
  std::vector<std::int64_t> idx;
  for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) idx.push_back(i);
  if (text) {
    // Python indexes code points; configuration text is almost always ASCII.
    bool ascii = std::all_of(seq.text.begin(), seq.text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!ascii)
      return make_unknown(site.expr, "slicing non-ASCII text is not modelled", site.origin);
    std::string out;
    for (std::int64_t i : idx) out += seq.text[static_cast<std::size_t>(i)];
    value v = make_str(std::move(out), site.origin);
    v.kind = seq.kind;
    return v;
  }
  std::vector<value> out;
  for (std::int64_t i : idx) out.push_back((*seq.items)[static_cast<std::size_t>(i)]);
  return make_sequence(seq.kind == value_kind::tuple ? value_kind::tuple : value_kind::list,
                       std::move(out), site.origin);
}

value index_value(const value& obj, const value& key, const op_site& site) {
  switch (obj.kind) {
    case value_kind::dict: {
      if (!key.is_known()) {
        return make_unknown(site.expr,
                            key.kind == value_kind::unknown ? key.reason : "the key is not known",
                            site.origin);
      }
      const value* v = dict_lookup(*obj.dict, key);
      if (v == nullptr)
        return make_unknown(site.expr, "KeyError: " + python_repr(key), site.origin);
      return *v;
    }
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::string:
    case value_kind::bytes: {
      if (key.kind != value_kind::integer && key.kind != value_kind::boolean) {
        return make_unknown(site.expr,
                            key.kind == value_kind::unknown
                                ? key.reason
                                : fmt::format("{} indices must be integers", type_name(obj)),
                            site.origin);
      }
      bool text = obj.kind == value_kind::string || obj.kind == value_kind::bytes;
      auto n = static_cast<std::int64_t>(text ? obj.text.size() : obj.items->size());
      std::int64_t i = key.kind == value_kind::boolean ? key.boolean : key.integer;
      if (i < 0) i += n;
      if (i < 0 || i >= n) {
        return make_unknown(site.expr, fmt::format("{} index out of range", type_name(obj)),
                            site.origin);
      }
      if (text) {
        if (obj.kind == value_kind::bytes) {
          return make_int(static_cast<unsigned char>(obj.text[static_cast<std::size_t>(i)]),
                          site.origin);
        }
        return apply_slice(obj, i, i + 1, 1, site);
      }
      return (*obj.items)[static_cast<std::size_t>(i)];
    }
    case value_kind::unknown:
      return make_unknown(site.expr, obj.reason, site.origin);
    default:
      return make_unknown(
          site.expr, fmt::format("subscript of {} is not modelled", python_repr(obj)), site.origin);
  }
}

}  // namespace

value interpreter::module_value(const std::shared_ptr<module_state>& m) {
  auto state = new_opaque(opaque_state::what::module);
  state->module = m;
  value v = make_opaque(value_kind::module, m->dotted, source::from_file({m->display, {}, {}}));
  v.internal = std::move(state);
  return v;
}

value interpreter::make_class_instance(const value& cls, const call_site& site) {
  value obj = make_opaque(value_kind::object, cls.text + "()", site.origin());
  obj.dict = std::make_shared<dict_object>();
  return obj;
}

value interpreter::attribute(const value& obj, const std::string& name, const call_site& site) {
  source origin = site.origin();
  switch (obj.kind) {
    case value_kind::unknown:
      return make_unknown(site.expr, obj.reason, origin);
    case value_kind::absent:
      return make_unknown(site.expr, "a name is unbound on some paths", origin);
    case value_kind::alternatives: {
      std::vector<value> results;
      for (const value& a : obj.alternatives) results.push_back(attribute(a, name, site));
      return join_alternatives(results, site.expr, origin);
    }
    case value_kind::module:
      if (obj.internal && obj.internal->module) {
        auto it = obj.internal->module->ns->find(name);
        if (it != obj.internal->module->ns->end()) return it->second;
        return make_unknown(
            site.expr, fmt::format("module '{}' has no attribute '{}'", obj.text, name), origin);
      }
      [[fallthrough]];
    case value_kind::object:
    case value_kind::callable: {
      if (obj.dict) {
        if (const value* v = obj.dict->find(name)) return *v;
      }
      if (obj.internal && obj.internal->kind == opaque_state::what::class_type) {
        for (const value& base : obj.internal->bases) {
          if (base.kind == value_kind::callable && base.dict) {
            value v = attribute(base, name, site);
            if (v.kind != value_kind::unknown) return v;
          }
        }
        return make_unknown(site.expr,
                            fmt::format("class {} has no attribute '{}'", obj.text, name), origin);
      }
      if (std::optional<value> lib = library_attribute(obj, name, origin)) return *lib;
      if (obj.kind == value_kind::object) {
        value sub = bound_method(*this, obj, name, origin);
        if (obj.dict) obj.dict->entries.push_back({make_str(name, {}), sub});
        return sub;
      }
      // An attribute of an opaque module or library callable: a class when CapWords (calling it
      // gives an object), else an object (a function, a constant or a submodule).
      std::string qualified = obj.text + "." + name;
      if (is_capwords(name)) return make_opaque(value_kind::callable, qualified, origin);
      value v = make_opaque(value_kind::object, qualified, origin);
      return v;
    }
    default:
      if (has_method(obj, name)) return bound_method(*this, obj, name, origin);
      return make_unknown(site.expr,
                          fmt::format("'{}' object has no attribute '{}'", type_name(obj), name),
                          origin);
  }
}

value interpreter::call_value(const value& callee, call_args args, const call_site& site) {
  source origin = site.origin();
  if (callee.kind == value_kind::unknown) return make_unknown(site.expr, callee.reason, origin);
  if (!callee.is_known()) {
    return make_unknown(site.expr, "the called value has alternatives", origin);
  }
  for (const value& a : args.positional) {
    if (a.kind == value_kind::absent)
      return make_unknown(site.expr, "an argument is unbound on some paths", origin);
  }
  const opaque_state* st = callee.internal.get();
  if (st != nullptr) {
    switch (st->kind) {
      case opaque_state::what::function:
      case opaque_state::what::lambda:
        return call_function(callee, std::move(args), site);
      case opaque_state::what::class_type:
        return make_class_instance(callee, site);
      case opaque_state::what::builtin: {
        if (std::optional<value> r = call_builtin(*this, st->method, args, site)) return *r;
        log_call(st->method, args, site);
        return make_unknown(site.expr, fmt::format("call of {} is not modelled", st->method),
                            origin);
      }
      case opaque_state::what::bound_method: {
        const value& receiver = *st->receiver;
        if (receiver.kind != value_kind::object && receiver.kind != value_kind::module &&
            receiver.kind != value_kind::callable) {
          if (std::optional<value> r = call_method(*this, receiver, st->method, args, site, {})) {
            return *r;
          }
          return make_unknown(
              site.expr, fmt::format("{}.{}() is not modelled", type_name(receiver), st->method),
              origin);
        }
        if (std::optional<value> r = call_library(*this, callee.text, &receiver, args, site))
          return *r;
        log_call(callee.text, args, site);
        return make_unknown(site.expr, fmt::format("call of {} is not modelled", callee.text),
                            origin);
      }
      case opaque_state::what::module:
        break;
    }
  }
  if (std::optional<value> r = call_library(
          *this, callee.text, callee.kind == value_kind::object ? &callee : nullptr, args, site)) {
    return *r;
  }
  log_call(callee.text, args, site);
  if (callee.kind == value_kind::callable) {
    // An opaque library class: the instance is an opaque object named after the call.
    value obj = make_opaque(value_kind::object, callee.text + "()", origin);
    obj.dict = std::make_shared<dict_object>();
    return obj;
  }
  return make_unknown(site.expr, fmt::format("call of {} is not modelled", callee.text), origin);
}

value interpreter::call_function(const value& fn, call_args args, const call_site& site) {
  const opaque_state& st = *fn.internal;
  source origin = site.origin();
  if (call_depth_ >= max_call_depth) {
    return make_unknown(
        site.expr, fmt::format("the call depth limit ({}) was reached", max_call_depth), origin);
  }
  if (st.def != nullptr &&
      std::find(call_stack_.begin(), call_stack_.end(), st.def) != call_stack_.end()) {
    return make_unknown(site.expr, fmt::format("recursive call of {}", st.def->name), origin);
  }
  frame callee;
  callee.module = st.module;
  callee.locals = std::make_shared<ns_map>();
  callee.closure = st.closure;
  callee.function = st.def;
  const python::node_list<parameter> params =
      st.def != nullptr ? st.def->parameters : st.lambda_expr->parameters();
  // Binding arguments to parameters (Reference §6.3.4).
  std::size_t next = 0;
  std::vector<std::pair<std::string, value>> keywords = std::move(args.keywords);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const parameter& p = params[i];
    value bound;
    bool have = false;
    if (p.kind == parameter_kind::var_positional) {
      std::vector<value> rest;
      while (next < args.positional.size()) rest.push_back(args.positional[next++]);
      bound = make_sequence(value_kind::tuple, std::move(rest), origin);
      have = true;
    } else if (p.kind == parameter_kind::var_keyword) {
      bound = make_dict(origin);
      for (auto& [k, v] : keywords) dict_store(*bound.dict, make_str(k, origin), v);
      keywords.clear();
      have = true;
    } else {
      if (p.kind != parameter_kind::keyword_only && next < args.positional.size()) {
        bound = args.positional[next++];
        have = true;
      } else if (p.kind != parameter_kind::positional_only) {
        for (auto it = keywords.begin(); it != keywords.end(); ++it) {
          if (it->first == p.name) {
            bound = it->second;
            keywords.erase(it);
            have = true;
            break;
          }
        }
      }
      if (!have && i < st.defaults.size() && st.defaults[i]) {
        bound = *st.defaults[i];
        have = true;
      }
    }
    if (!have) {
      bound = make_unknown(p.name, fmt::format("missing argument '{}'", p.name), origin);
    }
    (*callee.locals)[std::string(p.name)] = std::move(bound);
  }
  ++call_depth_;
  call_stack_.push_back(st.def);
  value result;
  if (st.lambda_expr != nullptr) {
    result = eval(callee, st.lambda_expr->children[0]);
  } else {
    exec_block(callee, st.def->body);
    if (callee.state == flow::raised) {
      result = make_unknown(site.expr, fmt::format("the call raises {}", callee.raised), origin);
    } else {
      value last =
          callee.state == flow::returned && callee.returned ? *callee.returned : make_none(origin);
      if (!callee.maybe_returned.empty()) {
        std::vector<value> all = callee.maybe_returned;
        all.push_back(last);
        result = join_alternatives(all, site.expr, origin);
      } else {
        result = last;
      }
    }
  }
  call_stack_.pop_back();
  --call_depth_;
  return result;
}

namespace {

// Evaluation of one expression node; a struct so the helpers share the frame.
struct evaluator {
  interpreter& in;
  frame& f;

  source_location at(const expr& e) const { return in.location(f, e.where); }
  source from(const expr& e) const { return source::from_file(at(e)); }
  op_site site_of(const expr& e) const { return {e.text, from(e)}; }
  value unknown(const expr& e, std::string reason) const {
    return make_unknown(e.text, std::move(reason), from(e));
  }

  value constant(const expr& e) {
    const python::constant& c = e.value();
    switch (c.kind) {
      case constant_kind::none:
        return make_none(from(e));
      case constant_kind::boolean:
        return make_bool(c.boolean, from(e));
      case constant_kind::integer:
        return make_int(c.integer, from(e));
      case constant_kind::big_integer:
        return unknown(e, "integer too large");
      case constant_kind::floating:
        return make_float(c.floating, from(e));
      case constant_kind::imaginary:
        return unknown(e, "complex numbers are not modelled");
      case constant_kind::string:
        return make_str(std::string(c.text), from(e));
      case constant_kind::bytes:
        return make_bytes(std::string(c.text), from(e));
      case constant_kind::ellipsis:
        return make_opaque(value_kind::object, "Ellipsis", from(e));
    }
    return unknown(e, "unsupported constant");
  }

  // Elements of a display with `*x` unpacking; nullopt (with `bad` set) when not known.
  std::optional<std::vector<value>> elements(python::node_list<expr> children, std::size_t first,
                                             value& bad) {
    std::vector<value> out;
    for (std::size_t i = first; i < children.size(); ++i) {
      const expr& c = children[i];
      if (c.kind == expr_kind::starred) {
        value v = in.eval(f, c.children[0]);
        std::optional<std::vector<value>> items = iterate(v);
        if (!items) {
          bad = unknown(
              c, v.kind == value_kind::unknown ? v.reason : "the unpacked value is not known");
          return std::nullopt;
        }
        out.insert(out.end(), items->begin(), items->end());
      } else {
        out.push_back(in.eval(f, c));
      }
    }
    return out;
  }

  value display(const expr& e, value_kind kind) {
    value bad;
    std::optional<std::vector<value>> items = elements(e.children, 0, bad);
    if (!items) return bad;
    if (kind == value_kind::set) {
      std::vector<value> unique;
      for (value& v : *items) {
        bool dup = false;
        for (const value& u : unique) {
          std::optional<bool> eq = equals(u, v);
          if (eq && *eq) dup = true;
        }
        if (!dup) unique.push_back(std::move(v));
      }
      items = std::move(unique);
    }
    return make_sequence(kind, std::move(*items), from(e));
  }

  value dict_display(const expr& e) {
    value d = make_dict(from(e));
    for (std::size_t i = 0; i + 1 < e.children.size(); i += 2) {
      const expr& k = e.children[i];
      const expr& v = e.children[i + 1];
      if (k.kind == expr_kind::empty) {
        value m = in.eval(f, v);
        if (m.kind != value_kind::dict) {
          return unknown(
              e, m.kind == value_kind::unknown ? m.reason : "a **mapping in the dict is not known");
        }
        for (const dict_entry& entry : m.dict->entries) dict_store(*d.dict, entry.key, entry.val);
        continue;
      }
      value key = in.eval(f, k);
      value val = in.eval(f, v);
      if (!key.is_known()) {
        return unknown(e, key.kind == value_kind::unknown ? key.reason : "a key is not known");
      }
      dict_store(*d.dict, std::move(key), std::move(val));
    }
    return d;
  }

  value comprehension(const expr& e) {
    frame inner;
    inner.module = f.module;
    inner.locals = std::make_shared<ns_map>();
    inner.closure = f.locals ? f.locals : f.closure;
    inner.function = f.function;
    std::vector<value> out;
    value result_dict = make_dict(from(e));
    std::optional<value> failure;
    interpreter& interp = in;
    std::function<void(std::size_t)> loop = [&](std::size_t g) {
      if (failure) return;
      if (g == e.generators().size()) {
        if (e.kind == expr_kind::dict_comp) {
          value k = interp.eval(inner, e.children[0]);
          value v = interp.eval(inner, e.children[1]);
          if (!k.is_known()) {
            failure = unknown(e, k.kind == value_kind::unknown ? k.reason : "a key is not known");
            return;
          }
          dict_store(*result_dict.dict, k, v);
        } else {
          out.push_back(interp.eval(inner, e.children[0]));
        }
        return;
      }
      const python::comprehension& gen = e.generators()[g];
      value it = interp.eval(g == 0 ? f : inner, gen.iter.front());
      std::optional<std::vector<value>> items = iterate(it);
      if (!items) {
        failure = unknown(e, it.kind == value_kind::unknown
                                 ? it.reason
                                 : "a comprehension over data that is not known");
        return;
      }
      if (!interp.consume_iterations(static_cast<std::int64_t>(items->size()))) {
        failure = unknown(e, "the evaluation's iteration budget is exhausted");
        return;
      }
      for (const value& item : *items) {
        interp.store(inner, gen.target.front(), item, nullptr, write_event::how::assign, false);
        bool keep = true;
        for (const expr& cond : gen.ifs) {
          std::optional<bool> t = truthiness(interp.eval(inner, cond));
          if (!t) {
            failure = unknown(e, "a comprehension condition is not known");
            return;
          }
          if (!*t) keep = false;
        }
        if (keep) loop(g + 1);
        if (failure) return;
      }
    };
    loop(0);
    if (failure) return *failure;
    if (e.kind == expr_kind::dict_comp) return result_dict;
    if (e.kind == expr_kind::set_comp) {
      std::vector<value> unique;
      for (value& v : out) {
        bool dup = false;
        for (const value& u : unique) {
          std::optional<bool> eq = equals(u, v);
          if (eq && *eq) dup = true;
        }
        if (!dup) unique.push_back(std::move(v));
      }
      return make_sequence(value_kind::set, std::move(unique), from(e));
    }
    // A generator expression is consumed by its caller (any(), sum(), "".join()): a list here.
    return make_sequence(value_kind::list, std::move(out), from(e));
  }

  value joined_string(const expr& e) {
    std::string out;
    for (const expr& part : e.children) {
      if (part.kind == expr_kind::constant) {
        out += part.value().text;
        continue;
      }
      std::optional<std::string> piece = formatted(part);
      if (!piece) return unknown(e, last_reason);
      out += *piece;
    }
    return make_str(std::move(out), from(e));
  }

  std::string last_reason;

  std::optional<std::string> formatted(const expr& part) {
    if (part.kind != expr_kind::formatted_value) {
      value v = in.eval(f, part);
      if (v.kind != value_kind::string) {
        last_reason = "a part of the f-string is not known";
        return std::nullopt;
      }
      return v.text;
    }
    value v = in.eval(f, part.children[0]);
    if (!v.is_known()) {
      last_reason = v.kind == value_kind::unknown ? v.reason : "a formatted value has alternatives";
      return std::nullopt;
    }
    if (part.name == "r" || part.name == "a") v = make_str(python_repr(v), {});
    if (part.name == "s") v = make_str(python_str(v), {});
    std::string spec;
    if (part.children.size() > 1) {
      value s = joined_string(part.children[1]);
      if (s.kind != value_kind::string) {
        last_reason = s.reason;
        return std::nullopt;
      }
      spec = s.text;
    }
    std::string error;
    std::optional<std::string> text = format_value(v, spec, error);
    if (!text) last_reason = error;
    return text;
  }

  value subscript(const expr& e) {
    value obj = in.eval(f, e.children[0]);
    const expr& index = e.children[1];
    op_site site = site_of(e);
    if (index.kind == expr_kind::slice) {
      std::optional<std::int64_t> bounds[3];
      for (int i = 0; i < 3; ++i) {
        const expr& b = index.children[static_cast<std::size_t>(i)];
        if (b.kind == expr_kind::empty) continue;
        value v = in.eval(f, b);
        if (v.kind == value_kind::none) continue;
        if (v.kind != value_kind::integer) {
          return unknown(
              e, v.kind == value_kind::unknown ? v.reason : "slice bounds must be integers");
        }
        bounds[i] = v.integer;
      }
      auto slice_of = [&](const value& o) {
        if (o.kind == value_kind::list || o.kind == value_kind::tuple ||
            o.kind == value_kind::string || o.kind == value_kind::bytes) {
          return apply_slice(o, bounds[0], bounds[1], bounds[2].value_or(1), site);
        }
        return make_unknown(
            e.text,
            o.kind == value_kind::unknown ? o.reason : "slice of a value that is not a sequence",
            from(e));
      };
      if (obj.kind == value_kind::alternatives) {
        std::vector<value> rs;
        for (const value& a : obj.alternatives) rs.push_back(slice_of(a));
        return join_alternatives(rs, e.text, from(e));
      }
      return slice_of(obj);
    }
    value key = in.eval(f, index);
    call_site cs{e.text, at(e)};
    if (obj.kind == value_kind::object) {
      if (std::optional<value> r = environ_subscript(in, obj, key, cs)) return *r;
      return unknown(e, fmt::format("subscript of {} is not modelled", obj.text));
    }
    if (obj.kind == value_kind::alternatives || key.kind == value_kind::alternatives) {
      std::vector<value> os =
          obj.kind == value_kind::alternatives ? obj.alternatives : std::vector<value>{obj};
      std::vector<value> ks =
          key.kind == value_kind::alternatives ? key.alternatives : std::vector<value>{key};
      std::vector<value> rs;
      for (const value& o : os) {
        for (const value& k : ks) rs.push_back(index_value(o, k, site));
      }
      return join_alternatives(rs, e.text, from(e));
    }
    return index_value(obj, key, site);
  }

  value call(const expr& e) {
    const expr& callee_expr = e.children[0];
    value callee = in.eval(f, callee_expr);
    call_args args;
    value bad;
    std::optional<std::vector<value>> positional = elements(e.children, 1, bad);
    if (!positional) return bad;
    args.positional = std::move(*positional);
    for (const keyword& k : e.keywords()) {
      value v = in.eval(f, k.value.front());
      if (!k.name.empty()) {
        args.keywords.emplace_back(k.name, std::move(v));
        continue;
      }
      if (v.kind != value_kind::dict) {
        return unknown(e, v.kind == value_kind::unknown ? v.reason : "the **kwargs are not known");
      }
      for (const dict_entry& entry : v.dict->entries) {
        if (entry.key.kind != value_kind::string) return unknown(e, "keywords must be strings");
        args.keywords.emplace_back(entry.key.text, entry.val);
      }
    }
    call_site site{e.text, at(e)};
    // A method of a known container mutates it in place (dict.update, list.append): log it
    // under the receiver's path so models see `DATABASES['default'].update(...)`.
    if (callee.kind == value_kind::callable && callee.internal &&
        callee.internal->kind == opaque_state::what::bound_method &&
        callee_expr.kind == expr_kind::attribute) {
      const value& receiver = *callee.internal->receiver;
      if (receiver.kind == value_kind::dict || receiver.kind == value_kind::list ||
          receiver.kind == value_kind::set) {
        std::string path = logged_path(callee_expr.children[0]);
        std::optional<value> r =
            call_method(in, receiver, callee.internal->method, args, site, path);
        if (r) return *r;
        return unknown(e, fmt::format("{}.{}() is not modelled", type_name(receiver),
                                      callee.internal->method));
      }
    }
    // The same method on every alternative of the receiver (`DATABASES` set in if/else).
    if (callee.kind == value_kind::alternatives && callee_expr.kind == expr_kind::attribute) {
      std::vector<value> rs;
      for (const value& m : callee.alternatives) {
        if (m.internal && m.internal->kind == opaque_state::what::bound_method) {
          std::string path = logged_path(callee_expr.children[0]);
          std::optional<value> r =
              call_method(in, *m.internal->receiver, m.internal->method, args, site, path);
          rs.push_back(r ? *r : unknown(e, "a method call on alternatives is not modelled"));
        } else {
          rs.push_back(in.call_value(m, args, site));
        }
      }
      return join_alternatives(rs, e.text, from(e));
    }
    return in.call_value(callee, std::move(args), site);
  }

  // The canonical path of a receiver, or "" when it is a local of a function (not logged).
  std::string logged_path(const expr& receiver) {
    const expr* root = &receiver;
    while ((root->kind == expr_kind::attribute || root->kind == expr_kind::subscript) &&
           !root->children.empty()) {
      root = &root->children[0];
    }
    if (root->kind != expr_kind::name) return {};
    if (f.locals && !f.globals_declared.count(std::string(root->name)) &&
        f.locals->count(std::string(root->name)))
      return {};
    return in.target_path(f, receiver);
  }

  value bool_op(const expr& e) {
    // `and`/`or` return an operand (Reference §6.11).
    bool is_or = e.op() == "or";
    value current = in.eval(f, e.children[0]);
    for (std::size_t i = 1; i < e.children.size(); ++i) {
      std::optional<bool> t = truthiness(current);
      if (t) {
        if (*t == is_or) return current;
        current = in.eval(f, e.children[i]);
        continue;
      }
      if (current.kind == value_kind::alternatives) {
        // Each alternative decides for itself.
        value rest = in.eval(f, e.children[i]);
        std::vector<value> rs;
        for (const value& a : current.alternatives) {
          std::optional<bool> ta = truthiness(a);
          if (!ta)
            return unknown(
                e, a.kind == value_kind::unknown ? a.reason : "the truth value is not known");
          rs.push_back(*ta == is_or ? a : rest);
        }
        current = join_alternatives(rs, e.text, from(e));
        continue;
      }
      return unknown(
          e, current.kind == value_kind::unknown ? current.reason : "the truth value is not known");
    }
    return current;
  }

  value compare(const expr& e) {
    value left = in.eval(f, e.children[0]);
    std::optional<bool> all = true;
    std::string reason;
    for (std::size_t i = 0; i < e.ops().size(); ++i) {
      value right = in.eval(f, e.children[i + 1]);
      const std::string_view op = e.ops()[i];
      value r;
      call_site cs{e.text, at(e)};
      std::optional<value> special;
      if ((op == "in" || op == "not in") && right.kind == value_kind::object) {
        special = environ_contains(in, right, left, cs);
        if (special && special->kind == value_kind::boolean && op == "not in") {
          special->boolean = !special->boolean;
        }
      }
      r = special ? *special : compare_op(op, left, right, site_of(e));
      if (r.kind == value_kind::alternatives) {
        std::optional<bool> t = truthiness(r);
        if (t) {
          r = make_bool(*t, from(e));
        } else if (e.ops().size() == 1) {
          return r;
        }
      }
      std::optional<bool> t =
          r.kind == value_kind::boolean ? std::optional<bool>(r.boolean) : std::nullopt;
      if (!t) {
        if (reason.empty())
          reason = r.kind == value_kind::unknown ? r.reason : "a comparison is not known";
        all = std::nullopt;
      } else if (!*t) {
        return make_bool(false, from(e));
      }
      left = std::move(right);
    }
    if (!all) return unknown(e, reason);
    return make_bool(true, from(e));
  }

  value if_exp(const expr& e) {
    value test = in.eval(f, e.children[1]);
    std::optional<bool> t = truthiness(test);
    if (t) return in.eval(f, e.children[*t ? 0 : 2]);
    ++in.conditional_depth_;
    value a = in.eval(f, e.children[0]);
    value b = in.eval(f, e.children[2]);
    --in.conditional_depth_;
    return join_alternatives({a, b}, e.text, from(e));
  }

  value lambda(const expr& e) {
    auto state = in.new_opaque(opaque_state::what::lambda);
    state->code_owner = f.module->parsed;
    state->lambda_expr = &e;
    state->module = f.module;
    state->closure = f.locals;
    for (const parameter& p : e.parameters()) {
      if (p.default_value.empty()) {
        state->defaults.emplace_back(std::nullopt);
      } else {
        state->defaults.emplace_back(in.eval(f, p.default_value.front()));
      }
    }
    value v = make_opaque(value_kind::callable, "<lambda>", from(e));
    v.internal = std::move(state);
    return v;
  }

  value eval(const expr& e) {
    switch (e.kind) {
      case expr_kind::name: {
        std::optional<value> v = in.lookup(f, std::string(e.name));
        if (!v) return unknown(e, fmt::format("name '{}' is not defined", e.name));
        if (v->kind == value_kind::absent)
          return unknown(e, fmt::format("name '{}' is not defined", e.name));
        return *v;
      }
      case expr_kind::constant:
        return constant(e);
      case expr_kind::joined_string:
        return joined_string(e);
      case expr_kind::formatted_value: {
        std::optional<std::string> s = formatted(e);
        return s ? make_str(*s, from(e)) : unknown(e, last_reason);
      }
      case expr_kind::tuple:
        return display(e, value_kind::tuple);
      case expr_kind::list:
        return display(e, value_kind::list);
      case expr_kind::set:
        return display(e, value_kind::set);
      case expr_kind::dict:
        return dict_display(e);
      case expr_kind::list_comp:
      case expr_kind::set_comp:
      case expr_kind::dict_comp:
      case expr_kind::generator:
        return comprehension(e);
      case expr_kind::call:
        return call(e);
      case expr_kind::attribute: {
        value obj = in.eval(f, e.children[0]);
        return in.attribute(obj, std::string(e.name), {e.text, at(e)});
      }
      case expr_kind::subscript:
        return subscript(e);
      case expr_kind::binary: {
        value a = in.eval(f, e.children[0]);
        value b = in.eval(f, e.children[1]);
        return binary_op(e.op(), a, b, site_of(e));
      }
      case expr_kind::unary:
        return unary_op(e.op(), in.eval(f, e.children[0]), site_of(e));
      case expr_kind::bool_op:
        return bool_op(e);
      case expr_kind::compare:
        return compare(e);
      case expr_kind::if_exp:
        return if_exp(e);
      case expr_kind::lambda:
        return lambda(e);
      case expr_kind::named: {
        value v = in.eval(f, e.children[0]);
        in.bind_name(f, std::string(e.name), v, at(e), write_event::how::assign, false, e.text);
        return v;
      }
      case expr_kind::await_:
      case expr_kind::yield:
      case expr_kind::yield_from:
        return unknown(e, "generators and coroutines are not modelled");
      case expr_kind::starred:
        return unknown(e, "a starred expression is only valid in a display or call");
      case expr_kind::slice:
      case expr_kind::empty:
        return unknown(e, "not an expression");
    }
    return unknown(e, "unsupported expression");
  }
};

}  // namespace

value interpreter::eval(frame& f, const expr& e) {
  if (expression_depth_ >= max_expression_depth) {
    return make_unknown(e.text, "the expression is nested too deeply to evaluate",
                        source::from_file(location(f, e.where)));
  }
  ++expression_depth_;
  evaluator ev{*this, f, {}};
  value v = ev.eval(e);
  --expression_depth_;
  return v;
}

}  // namespace connplan::python::detail
