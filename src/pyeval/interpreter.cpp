// Statements (The Python Language Reference 3.11, chapters 7 and 8) evaluated in order over the
// module namespace; branches whose condition is unknown run on copies of the state and are joined.
#include "pyeval/interpreter.hpp"

#include <fmt/format.h>

#include "connplan/redact.hpp"
#include "pyeval/operators.hpp"

namespace connplan::python::detail {
namespace {

// Names a statement list may bind (for loops over unknown data): assignment targets, for
// targets, imports, def and class names; nested function bodies excluded.
void collect_target_names(const expr& target, std::set<std::string>& out) {
  switch (target.kind) {
    case expr_kind::name:
      out.insert(std::string(target.name));
      break;
    case expr_kind::tuple:
    case expr_kind::list:
    case expr_kind::starred:
      for (const expr& c : target.children) collect_target_names(c, out);
      break;
    default:
      break;
  }
}

void collect_assigned(const std::vector<stmt>& body, std::set<std::string>& out, int depth = 0) {
  if (depth > max_indent_depth) return;
  for (const stmt& s : body) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, assign_stmt>) {
            for (const expr& t : n.targets) collect_target_names(t, out);
          } else if constexpr (std::is_same_v<T, aug_assign_stmt> ||
                               std::is_same_v<T, ann_assign_stmt>) {
            collect_target_names(n.target, out);
          } else if constexpr (std::is_same_v<T, for_stmt>) {
            collect_target_names(n.target, out);
            collect_assigned(n.body, out, depth + 1);
            collect_assigned(n.orelse, out, depth + 1);
          } else if constexpr (std::is_same_v<T, while_stmt>) {
            collect_assigned(n.body, out, depth + 1);
            collect_assigned(n.orelse, out, depth + 1);
          } else if constexpr (std::is_same_v<T, if_stmt>) {
            for (const if_branch& b : n.branches) collect_assigned(b.body, out, depth + 1);
            collect_assigned(n.orelse, out, depth + 1);
          } else if constexpr (std::is_same_v<T, try_stmt>) {
            collect_assigned(n.body, out, depth + 1);
            for (const except_handler& h : n.handlers) collect_assigned(h.body, out, depth + 1);
            collect_assigned(n.orelse, out, depth + 1);
            collect_assigned(n.finalbody, out, depth + 1);
          } else if constexpr (std::is_same_v<T, with_stmt>) {
            for (const with_item& i : n.items) {
              if (i.target) collect_target_names(*i.target, out);
            }
            collect_assigned(n.body, out, depth + 1);
          } else if constexpr (std::is_same_v<T, function_def> || std::is_same_v<T, class_def>) {
            out.insert(n.name);
          } else if constexpr (std::is_same_v<T, import_stmt>) {
            for (const alias& a : n.names) {
              out.insert(!a.as_name.empty() ? a.as_name : a.name.substr(0, a.name.find('.')));
            }
          } else if constexpr (std::is_same_v<T, import_from_stmt>) {
            for (const alias& a : n.names) {
              if (a.name != "*") out.insert(!a.as_name.empty() ? a.as_name : a.name);
            }
          }
        },
        s.node);
  }
}

// Does an `except` clause catch an ImportError? (ModuleNotFoundError is its subclass.)
bool catches(const std::optional<expr>& type, std::string_view exception) {
  if (!type) return true;  // bare except
  auto matches = [&](const expr& e) {
    std::string_view n = e.kind == expr_kind::name        ? std::string_view(e.name)
                         : e.kind == expr_kind::attribute ? std::string_view(e.name)
                                                          : std::string_view();
    if (n == "Exception" || n == "BaseException") return true;
    if (exception == "ImportError") return n == "ImportError" || n == "ModuleNotFoundError";
    return n == exception;
  };
  if (type->kind == expr_kind::tuple) {
    for (const expr& c : type->children) {
      if (matches(c)) return true;
    }
    return false;
  }
  return matches(*type);
}

bool catches_only_import_errors(const std::optional<expr>& type) {
  if (!type) return false;
  auto is_import = [](const expr& e) {
    return (e.kind == expr_kind::name || e.kind == expr_kind::attribute) &&
           (e.name == "ImportError" || e.name == "ModuleNotFoundError");
  };
  if (type->kind == expr_kind::tuple) {
    for (const expr& c : type->children) {
      if (!is_import(c)) return false;
    }
    return !type->children.empty();
  }
  return is_import(*type);
}

}  // namespace

// ---- call_args -------------------------------------------------------------------------------

const value* call_args::keyword(std::string_view name) const {
  for (const auto& [k, v] : keywords) {
    if (k == name) return &v;
  }
  return nullptr;
}

const value* call_args::get(std::size_t index, std::string_view name) const {
  if (index < positional.size()) return &positional[index];
  return keyword(name);
}

// ---- the interpreter ---------------------------------------------------------------------------

interpreter::interpreter(const evaluate_options& options) : options_(options), env_(options.env) {}

std::optional<std::string> interpreter::env(const std::string& name) const {
  auto it = env_.find(name);
  if (it == env_.end()) return std::nullopt;
  return it->second;
}

void interpreter::env_set_default(const std::string& name, const std::string& v) {
  env_.emplace(name, v);
}

source_location interpreter::location(const frame& f, const span& where) const {
  // Spans are byte offsets; the module that holds the code knows its lines.
  if (f.module->parsed == nullptr) return {f.module->display, {}, {}};
  const python::module& m = f.module->parsed->module;
  return {f.module->display, m.begin(where), m.end(where)};
}

bool interpreter::consume_iterations(std::int64_t n) {
  iterations_ += n;
  return iterations_ <= max_total_iterations;
}

void interpreter::log_call(std::string callee, const call_args& args, const call_site& site) {
  call_event ev;
  ev.callee = std::move(callee);
  ev.args = args.positional;
  for (const auto& [k, v] : args.keywords) ev.kwargs[k] = v;
  ev.where = site.where;
  ev.conditional = conditional();
  result_.calls.push_back(std::move(ev));
}

namespace {

// Whether the log keeps the container stored under `target` as it was at the store (a deep copy)
// or shares the live object. Copying every store made the log quadratic in repeated growth of a
// list (`INSTALLED_APPS += [...]`, `.append(...)`: each store copied the whole list) and a third of
// the memory of a large settings module. Only these targets' stored containers are read by a
// model: DATABASES and its members (src/django/history.cpp, CONN_MAX_AGE history) and Celery's
// `app.conf.x` / `app.conf['x']` (src/celery/sources.cpp, read_app). Scalars are always values.
bool keeps_snapshot(std::string_view target) {
  const std::string_view root = target.substr(0, target.find_first_of(".["));
  return root == "DATABASES" || target.find(".conf") != std::string_view::npos;
}

}  // namespace

void interpreter::log_write(std::string target, const value& original, const source_location& where,
                            write_event::how how, bool fresh, int depth, bool private_copy) {
  // The log keeps the value as it was stored (for the targets above): later in-place mutations are
  // events of their own. Members of a copy already taken are the log's own: not copied again.
  const bool copy =
      !private_copy && container_identity(original) != nullptr && keeps_snapshot(target);
  copy_memo memo;
  const value v = copy ? deep_copy(original, memo) : original;
  // A fresh dict (a display or a call's result) also logs its constant-key members, so models
  // see `DATABASES['default']['CONN_MAX_AGE']` stored by `DATABASES = {...}`.
  if (fresh && v.kind == value_kind::dict && depth < 4) {
    result_.writes.push_back(
        {target, v, where, how, conditional(), static_cast<std::uint8_t>(depth)});
    for (const dict_entry& e : v.dict->entries) {
      if (e.key.kind != value_kind::string && e.key.kind != value_kind::integer) continue;
      source_location at =
          e.val.origin.kind == source_kind::file && !e.val.origin.location.file.empty()
              ? e.val.origin.location
              : where;
      log_write(target + "[" + python_repr(e.key) + "]", e.val, at, how, true, depth + 1,
                copy || private_copy);
    }
    return;
  }
  result_.writes.push_back(
      {std::move(target), v, where, how, conditional(), static_cast<std::uint8_t>(depth)});
}

std::optional<value> interpreter::lookup(const frame& f, const std::string& name) const {
  if (f.locals && !f.globals_declared.count(name)) {
    auto it = f.locals->find(name);
    if (it != f.locals->end()) return it->second;
  }
  if (f.closure) {
    auto it = f.closure->find(name);
    if (it != f.closure->end()) return it->second;
  }
  auto it = f.module->ns->find(name);
  if (it != f.module->ns->end()) return it->second;
  if (is_builtin_name(name)) {
    auto state = std::make_shared<opaque_state>();
    state->kind = opaque_state::what::builtin;
    state->method = name;
    value v = make_opaque(value_kind::callable, name, source::default_value());
    v.internal = std::move(state);
    return v;
  }
  return std::nullopt;
}

void interpreter::bind_name(frame& f, const std::string& name, const value& v,
                            const source_location& where, write_event::how how, bool fresh,
                            std::string_view expr_text) {
  value stored = v;
  if (stored.expr.empty() && !expr_text.empty() && stored.kind != value_kind::unknown) {
    stored.expr = redact_secrets(expr_text);
  }
  bool global = !f.locals || f.globals_declared.count(name) != 0;
  if (!global) {
    if (how == write_event::how::deletion) {
      f.locals->erase(name);
    } else {
      (*f.locals)[name] = std::move(stored);
    }
    return;
  }
  if (how == write_event::how::deletion) {
    f.module->ns->erase(name);
  } else {
    (*f.module->ns)[name] = stored;
  }
  log_write(name, stored, where, how, fresh);
}

std::string interpreter::target_path(frame& f, const expr& e) {
  switch (e.kind) {
    case expr_kind::name:
      return std::string(e.name);
    case expr_kind::attribute:
      return target_path(f, e.children[0]) + "." + std::string(e.name);
    case expr_kind::subscript: {
      const expr& index = e.children[1];
      std::string key = "?";
      if (index.kind == expr_kind::constant) {
        value k = eval(f, index);
        key = python_repr(k);
      } else if (index.kind == expr_kind::name) {
        std::optional<value> k = lookup(f, std::string(index.name));
        if (k && (k->kind == value_kind::string || k->kind == value_kind::integer)) {
          key = python_repr(*k);
        }
      }
      return target_path(f, e.children[0]) + "[" + key + "]";
    }
    case expr_kind::call:
      return target_path(f, e.children[0]) + "()";
    default:
      return std::string(e.text);
  }
}

// Is the root name of an attribute/subscript chain a module global (so its stores are logged)?
namespace {
const expr& root_of(const expr& e) {
  const expr* cur = &e;
  while ((cur->kind == expr_kind::attribute || cur->kind == expr_kind::subscript ||
          cur->kind == expr_kind::call) &&
         !cur->children.empty()) {
    cur = &cur->children[0];
  }
  return *cur;
}
}  // namespace

void interpreter::store(frame& f, const expr& target, const value& v, const stmt* statement,
                        write_event::how how, bool fresh) {
  source_location where = location(f, statement != nullptr ? statement->where : target.where);
  std::string_view rhs_text = statement != nullptr ? statement->text : target.text;
  switch (target.kind) {
    case expr_kind::name:
      bind_name(f, std::string(target.name), v, where, how, fresh, rhs_text);
      return;
    case expr_kind::tuple:
    case expr_kind::list: {
      // Unpacking (Reference §7.2): a starred target takes the middle as a list.
      std::optional<std::vector<value>> items = iterate(v);
      std::size_t n = target.children.size();
      std::size_t star = n;
      for (std::size_t i = 0; i < n; ++i) {
        if (target.children[i].kind == expr_kind::starred) star = i;
      }
      bool fits = items && (star == n ? items->size() == n : items->size() + 1 >= n);
      for (std::size_t i = 0; i < n; ++i) {
        const expr& t = target.children[i];
        value part;
        if (!fits) {
          std::string reason =
              items ? fmt::format("cannot unpack {} values into {} targets", items->size(), n)
                    : (v.kind == value_kind::unknown
                           ? v.reason
                           : std::string("the unpacked value is not known"));
          part = make_unknown(t.text, reason, source::from_file(location(f, t.where)));
        } else if (i < star) {
          part = (*items)[i];
        } else if (i == star) {
          std::size_t count = items->size() + 1 - n;
          std::vector<value> middle(items->begin() + static_cast<std::ptrdiff_t>(star),
                                    items->begin() + static_cast<std::ptrdiff_t>(star + count));
          part = make_sequence(value_kind::list, std::move(middle),
                               source::from_file(location(f, t.where)));
        } else {
          part = (*items)[items->size() - (n - i)];
        }
        store(f, t.kind == expr_kind::starred ? t.children[0] : t, part, statement, how, false);
      }
      return;
    }
    case expr_kind::starred:
      store(f, target.children[0], v, statement, how, fresh);
      return;
    case expr_kind::subscript: {
      value obj = eval(f, target.children[0]);
      value key = eval(f, target.children[1]);
      bool logged = !f.locals || f.globals_declared.count(std::string(root_of(target).name)) ||
                    !f.locals->count(std::string(root_of(target).name));
      auto apply = [&](value& container) {
        if (container.kind == value_kind::dict && key.is_known()) {
          if (how == write_event::how::deletion) {
            dict_erase(*container.dict, key);
          } else {
            dict_store(*container.dict, key, v);
          }
        } else if (container.kind == value_kind::list && key.kind == value_kind::integer) {
          auto n = static_cast<std::int64_t>(container.items->size());
          std::int64_t i = key.integer < 0 ? key.integer + n : key.integer;
          if (i >= 0 && i < n) {
            if (how == write_event::how::deletion) {
              container.items->erase(container.items->begin() + i);
            } else {
              (*container.items)[static_cast<std::size_t>(i)] = v;
            }
          }
        } else if (container.kind == value_kind::object && container.text == "os.environ" &&
                   key.kind == value_kind::string && v.kind == value_kind::string) {
          env_set(key.text, v.text);
        } else if (container.kind == value_kind::dict) {
          // An unknown key: every member may have been replaced.
          for (dict_entry& e : container.dict->entries) {
            e.val = make_unknown(target.text, "stored under a key that is not known",
                                 source::from_file(where));
          }
        }
      };
      if (obj.kind == value_kind::alternatives) {
        for (value& a : obj.alternatives) apply(a);
      } else {
        apply(obj);
      }
      if (logged) {
        value stored = v;
        if (stored.expr.empty() && stored.kind != value_kind::unknown) {
          stored.expr = redact_secrets(rhs_text);
        }
        log_write(target_path(f, target), stored, where,
                  how == write_event::how::assign ? write_event::how::mutation : how, fresh);
      }
      return;
    }
    case expr_kind::attribute: {
      value obj = eval(f, target.children[0]);
      if ((obj.kind == value_kind::object || obj.kind == value_kind::callable) && obj.dict) {
        if (how == write_event::how::deletion) {
          dict_erase(*obj.dict, make_str(std::string(target.name), {}));
        } else {
          dict_store(*obj.dict, make_str(std::string(target.name), {}), v);
        }
      } else if (obj.kind == value_kind::module && obj.internal && obj.internal->module) {
        (*obj.internal->module->ns)[std::string(target.name)] = v;
      }
      value stored = v;
      if (stored.expr.empty() && stored.kind != value_kind::unknown) {
        stored.expr = redact_secrets(rhs_text);
      }
      log_write(target_path(f, target), stored, where,
                how == write_event::how::assign ? write_event::how::mutation : how, fresh);
      return;
    }
    default:
      return;  // not a target Python accepts; the parser reported it
  }
}

// ---- statements ------------------------------------------------------------------------------

void interpreter::exec_block(frame& f, const std::vector<stmt>& body) {
  for (const stmt& s : body) {
    exec(f, s);
    if (f.state != flow::normal) return;
  }
}

void interpreter::exec(frame& f, const stmt& s) {
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, expr_stmt>) {
          (void)eval(f, n.value);
        } else if constexpr (std::is_same_v<T, assign_stmt>) {
          exec_assign(f, s, n);
        } else if constexpr (std::is_same_v<T, aug_assign_stmt>) {
          exec_aug_assign(f, s, n);
        } else if constexpr (std::is_same_v<T, ann_assign_stmt>) {
          if (n.value) {
            value v = eval(f, *n.value);
            bool fresh = n.value->kind == expr_kind::dict || n.value->kind == expr_kind::call;
            store(f, n.target, v, &s, write_event::how::assign, fresh);
          }
        } else if constexpr (std::is_same_v<T, import_stmt>) {
          exec_import(f, s, n);
        } else if constexpr (std::is_same_v<T, import_from_stmt>) {
          exec_import_from(f, s, n);
        } else if constexpr (std::is_same_v<T, if_stmt>) {
          exec_if(f, n);
        } else if constexpr (std::is_same_v<T, for_stmt>) {
          exec_for(f, s, n);
        } else if constexpr (std::is_same_v<T, while_stmt>) {
          exec_while(f, s, n);
        } else if constexpr (std::is_same_v<T, try_stmt>) {
          exec_try(f, n);
        } else if constexpr (std::is_same_v<T, with_stmt>) {
          for (const with_item& item : n.items) {
            value ctx = eval(f, item.context);
            if (item.target) {
              store(f, *item.target,
                    make_unknown(item.context.text,
                                 "the value of a with statement's target is only known at run time",
                                 source::from_file(location(f, item.context.where))),
                    &s, write_event::how::assign, false);
            }
          }
          exec_block(f, n.body);
        } else if constexpr (std::is_same_v<T, function_def>) {
          exec_def(f, s, n);
        } else if constexpr (std::is_same_v<T, class_def>) {
          exec_class(f, s, n);
        } else if constexpr (std::is_same_v<T, return_stmt>) {
          f.returned =
              n.value ? eval(f, *n.value) : make_none(source::from_file(location(f, s.where)));
          f.state = flow::returned;
        } else if constexpr (std::is_same_v<T, raise_stmt>) {
          if (n.exception) (void)eval(f, *n.exception);
          f.state = flow::raised;
          const expr* e = n.exception ? &*n.exception : nullptr;
          if (e != nullptr && e->kind == expr_kind::call) e = &e->children[0];
          f.raised = e != nullptr
                         ? std::string(e->kind == expr_kind::name || e->kind == expr_kind::attribute
                                           ? e->name
                                           : "Exception")
                         : "Exception";
        } else if constexpr (std::is_same_v<T, delete_stmt>) {
          exec_delete(f, s, n);
        } else if constexpr (std::is_same_v<T, break_stmt>) {
          f.state = flow::broke;
        } else if constexpr (std::is_same_v<T, continue_stmt>) {
          f.state = flow::continued;
        } else if constexpr (std::is_same_v<T, global_stmt>) {
          for (const std::string& name : n.names) f.globals_declared.insert(name);
        } else if constexpr (std::is_same_v<T, assert_stmt>) {
          value t = eval(f, n.test);
          std::optional<bool> b = truthiness(t);
          if (b && !*b) {
            f.state = flow::raised;
            f.raised = "AssertionError";
          }
        }
        // pass, nonlocal: nothing to do
      },
      s.node);
}

void interpreter::exec_assign(frame& f, const stmt& s, const assign_stmt& a) {
  value v = eval(f, a.value);
  bool fresh = a.value.kind == expr_kind::dict || a.value.kind == expr_kind::call ||
               a.value.kind == expr_kind::dict_comp;
  // `a = b = v`: targets are assigned left to right with the same object (Reference §7.2).
  for (const expr& t : a.targets) store(f, t, v, &s, write_event::how::assign, fresh);
}

void interpreter::exec_aug_assign(frame& f, const stmt& s, const aug_assign_stmt& a) {
  value current = eval(f, a.target);
  value rhs = eval(f, a.value);
  op_site site{s.text, source::from_file(location(f, s.where))};
  // `+=` on a list extends it in place (list.__iadd__), visible through every alias.
  if (a.op == "+" && current.kind == value_kind::list) {
    std::optional<std::vector<value>> more = iterate(rhs);
    if (more) {
      current.items->insert(current.items->end(), more->begin(), more->end());
      store(f, a.target, current, &s, write_event::how::augmented, false);
      return;
    }
  }
  if (a.op == "|" && current.kind == value_kind::dict && rhs.kind == value_kind::dict) {
    for (const dict_entry& e : rhs.dict->entries) dict_store(*current.dict, e.key, e.val);
    store(f, a.target, current, &s, write_event::how::augmented, false);
    return;
  }
  value result = binary_op(a.op, current, rhs, site);
  store(f, a.target, result, &s, write_event::how::augmented, false);
}

void interpreter::exec_delete(frame& f, const stmt& s, const delete_stmt& d) {
  for (const expr& t : d.targets) {
    if (t.kind == expr_kind::tuple || t.kind == expr_kind::list) {
      for (const expr& c : t.children)
        store(f, c, make_absent(), &s, write_event::how::deletion, false);
    } else {
      store(f, t, make_absent(), &s, write_event::how::deletion, false);
    }
  }
}

void interpreter::exec_if(frame& f, const if_stmt& s) {
  // Known conditions pick their branch; from the first unknown condition on, every remaining
  // branch is possible (each guarded by "the earlier ones were false").
  std::vector<std::function<void()>> possible;
  bool decided = false;
  for (const if_branch& b : s.branches) {
    value t = eval(f, b.test);
    std::optional<bool> truth = truthiness(t);
    if (possible.empty() && truth) {
      if (*truth) {
        exec_block(f, b.body);
        decided = true;
        break;
      }
      continue;
    }
    if (truth && !*truth) continue;
    possible.push_back([this, &f, &b] { exec_block(f, b.body); });
    if (truth && *truth) {
      decided = true;
      break;
    }
  }
  if (possible.empty()) {
    if (!decided) exec_block(f, s.orelse);
    return;
  }
  if (!decided) possible.push_back([this, &f, &s] { exec_block(f, s.orelse); });
  ++conditional_depth_;
  std::vector<branch_result> results;
  for (const auto& run : possible) results.push_back(run_branch(f, run));
  --conditional_depth_;
  const if_branch& first = s.branches.front();
  merge(f, results, "if " + std::string(first.test.text),
        source::from_file(location(f, first.where)));
}

void interpreter::unknown_loop(frame& f, const stmt& s, const expr& target,
                               const std::vector<stmt>& body, const std::string& reason) {
  // The body may run any number of times: run it once, conditionally, with an unknown target,
  // join with not running it, then every name it assigns is unknown.
  std::set<std::string> assigned;
  collect_target_names(target, assigned);
  collect_assigned(body, assigned);
  ++conditional_depth_;
  std::vector<branch_result> results;
  results.push_back(run_branch(f, [&] {
    store(f, target,
          make_unknown(target.text, reason, source::from_file(location(f, target.where))), &s,
          write_event::how::assign, false);
    exec_block(f, body);
    if (f.state == flow::broke || f.state == flow::continued) f.state = flow::normal;
  }));
  results.push_back(run_branch(f, [] {}));
  --conditional_depth_;
  merge(f, results, s.text, source::from_file(location(f, s.where)));
  for (const std::string& name : assigned) {
    bind_name(f, name, make_unknown(name, reason, source::from_file(location(f, s.where))),
              location(f, s.where), write_event::how::assign, false, {});
  }
}

void interpreter::exec_for(frame& f, const stmt& s, const for_stmt& loop) {
  value it = eval(f, loop.iter);
  std::optional<std::vector<value>> items = iterate(it);
  if (!items) {
    unknown_loop(f, s, loop.target, loop.body, "assigned in a loop over unknown data");
    return;
  }
  if (static_cast<std::int64_t>(items->size()) > max_loop_iterations ||
      !consume_iterations(static_cast<std::int64_t>(items->size()))) {
    unknown_loop(f, s, loop.target, loop.body,
                 fmt::format("assigned in a loop of more than {} iterations", max_loop_iterations));
    return;
  }
  bool broke = false;
  for (const value& item : *items) {
    store(f, loop.target, item, &s, write_event::how::assign, false);
    exec_block(f, loop.body);
    if (f.maybe_broke) {
      // A `break` under an unknown condition: the later iterations may not run.
      f.maybe_broke = false;
      unknown_loop(f, s, loop.target, loop.body, "assigned in a loop that may end early");
      return;
    }
    if (f.state == flow::broke) {
      f.state = flow::normal;
      broke = true;
      break;
    }
    if (f.state == flow::continued) f.state = flow::normal;
    if (f.state != flow::normal) return;
  }
  if (!broke) exec_block(f, loop.orelse);
}

void interpreter::exec_while(frame& f, const stmt& s, const while_stmt& loop) {
  static const expr no_target{};
  for (std::int64_t i = 0;; ++i) {
    value t = eval(f, loop.test);
    std::optional<bool> truth = truthiness(t);
    if (!truth || i >= max_loop_iterations || !consume_iterations(1)) {
      unknown_loop(
          f, s, no_target, loop.body,
          truth ? fmt::format("assigned in a loop of more than {} iterations", max_loop_iterations)
                : "assigned in a loop whose condition is not known");
      return;
    }
    if (!*truth) break;
    exec_block(f, loop.body);
    if (f.maybe_broke) {
      f.maybe_broke = false;
      unknown_loop(f, s, no_target, loop.body, "assigned in a loop that may end early");
      return;
    }
    if (f.state == flow::broke) {
      f.state = flow::normal;
      return;
    }
    if (f.state == flow::continued) f.state = flow::normal;
    if (f.state != flow::normal) return;
  }
  exec_block(f, loop.orelse);
}

void interpreter::exec_try(frame& f, const try_stmt& t) {
  bool import_only = !t.handlers.empty();
  bool catches_import = false;
  for (const except_handler& h : t.handlers) {
    if (!catches_only_import_errors(h.type)) import_only = false;
    if (catches(h.type, "ImportError")) catches_import = true;
  }
  auto run_handler = [&](const except_handler& h) {
    if (!h.name.empty()) {
      bind_name(f, h.name,
                make_unknown(h.name, "the exception object is only known at run time",
                             source::from_file(location(f, h.where))),
                location(f, h.where), write_event::how::assign, false, {});
    }
    exec_block(f, h.body);
  };
  // Whether a handler may run though the body completed: anything may raise at run time,
  // except that ImportError only comes from imports of modules that may be missing.
  bool broad = !t.handlers.empty() && !import_only;
  int opaque_before = opaque_imports_;
  if (broad) ++conditional_depth_;
  if (catches_import) ++import_error_handlers_;
  std::vector<branch_result> results;
  results.push_back(run_branch(f, [&] {
    exec_block(f, t.body);
    if (f.state == flow::raised) {
      for (const except_handler& h : t.handlers) {
        if (catches(h.type, f.raised)) {
          f.state = flow::normal;
          f.raised.clear();
          run_handler(h);
          return;
        }
      }
      return;
    }
    if (f.state == flow::normal) exec_block(f, t.orelse);
  }));
  if (catches_import) --import_error_handlers_;
  bool handlers_possible = broad || (import_only && opaque_imports_ != opaque_before);
  if (broad) --conditional_depth_;
  if (handlers_possible) {
    ++conditional_depth_;
    for (const except_handler& h : t.handlers) {
      results.push_back(run_branch(f, [&] { run_handler(h); }));
    }
    --conditional_depth_;
  }
  merge(f, results, "try", source::from_file({f.module->display, {}, {}}));
  if (!t.finalbody.empty()) {
    // `finally` runs on every path; a pending return or exception resumes after it.
    flow pending = f.state;
    std::string raised = f.raised;
    f.state = flow::normal;
    exec_block(f, t.finalbody);
    if (f.state == flow::normal) {
      f.state = pending;
      f.raised = raised;
    }
  }
}

void interpreter::exec_def(frame& f, const stmt& s, const function_def& def) {
  auto state = new_opaque(opaque_state::what::function);
  state->code_owner = f.module->parsed;
  state->def = &def;
  state->module = f.module;
  state->closure = f.locals;
  for (const parameter& p : def.parameters) {
    if (p.default_value.empty()) {
      state->defaults.emplace_back(std::nullopt);
    } else {
      state->defaults.emplace_back(eval(f, p.default_value.front()));
    }
  }
  value fn = make_opaque(value_kind::callable, "<function " + def.name + ">",
                         source::from_file(location(f, s.where)));
  fn.internal = std::move(state);
  // Decorators apply bottom-up (Reference §8.7).
  for (auto it = def.decorators.rbegin(); it != def.decorators.rend(); ++it) {
    const expr& d = *it;
    std::string_view name = d.kind == expr_kind::name || d.kind == expr_kind::attribute
                                ? std::string_view(d.name)
                                : std::string_view();
    if (name == "property" || name == "cached_property") {
      fn = make_unknown(def.name,
                        "a property is computed when it is accessed (django-configurations style)",
                        source::from_file(location(f, s.where)));
      continue;
    }
    if (name == "staticmethod" || name == "classmethod") continue;
    value deco = eval(f, d);
    if (deco.kind == value_kind::callable && deco.internal &&
        (deco.internal->kind == opaque_state::what::function ||
         deco.internal->kind == opaque_state::what::lambda)) {
      call_args args;
      args.positional.push_back(fn);
      fn = call_function(deco, std::move(args), {d.text, location(f, d.where)});
      continue;
    }
    // A library decorator (`@app.task`, `@receiver(...)`): logged; the function is kept.
    call_args args;
    args.positional.push_back(fn);
    log_call(deco.kind == value_kind::unknown ? std::string(d.text) : deco.text, args,
             {d.text, location(f, d.where)});
  }
  bind_name(f, def.name, fn, location(f, s.where), write_event::how::assign, false, {});
}

void interpreter::exec_class(frame& f, const stmt& s, const class_def& def) {
  auto state = new_opaque(opaque_state::what::class_type);
  state->module = f.module;
  for (const expr& b : def.bases) state->bases.push_back(eval(f, b));
  frame body;
  body.module = f.module;
  body.locals = std::make_shared<ns_map>();
  body.closure = f.locals;
  body.function = f.function;
  exec_block(body, def.body);
  value cls = make_opaque(value_kind::callable, def.name, source::from_file(location(f, s.where)));
  cls.dict = std::make_shared<dict_object>();
  for (auto& [name, v] : *body.locals) {
    cls.dict->entries.push_back({make_str(name, {}), v});
  }
  cls.internal = std::move(state);
  for (auto it = def.decorators.rbegin(); it != def.decorators.rend(); ++it) {
    call_args args;
    args.positional.push_back(cls);
    value deco = eval(f, *it);
    log_call(deco.kind == value_kind::unknown ? std::string(it->text) : deco.text, args,
             {it->text, location(f, it->where)});
  }
  bind_name(f, def.name, cls, location(f, s.where), write_event::how::assign, false, {});
}

// ---- branches ---------------------------------------------------------------------------------

interpreter::branch_result interpreter::run_branch(frame& f, const std::function<void()>& body) {
  branch_result r;
  std::shared_ptr<ns_map> saved_globals = f.module->ns;
  std::shared_ptr<ns_map> saved_locals = f.locals;
  r.globals = std::make_shared<ns_map>();
  for (const auto& [name, v] : *saved_globals) r.globals->emplace(name, deep_copy(v, r.memo));
  if (saved_locals) {
    r.locals = std::make_shared<ns_map>();
    for (const auto& [name, v] : *saved_locals) r.locals->emplace(name, deep_copy(v, r.memo));
  }
  f.module->ns = r.globals;
  f.locals = r.locals;
  flow saved_state = f.state;
  bool saved_broke = f.maybe_broke;
  std::vector<value> saved_maybe = std::move(f.maybe_returned);
  f.maybe_returned.clear();
  f.maybe_broke = false;
  body();
  r.state = f.state;
  r.raised = f.raised;
  r.returned = f.returned;
  r.maybe_returned = std::move(f.maybe_returned);
  r.maybe_broke = f.maybe_broke || f.state == flow::broke;
  f.module->ns = saved_globals;
  f.locals = saved_locals;
  f.state = saved_state;
  f.maybe_broke = saved_broke;
  f.maybe_returned = std::move(saved_maybe);
  return r;
}

bool interpreter::join_container(const value& pre, const std::vector<value>& copies,
                                 const std::vector<branch_result*>& branches, std::string_view expr,
                                 const source& origin, int depth) {
  if (pre.items) {
    for (const value& c : copies) {
      if (c.items->size() != copies.front().items->size()) return false;
    }
  }
  if (!joined_.insert(container_identity(pre)).second) return true;  // aliased or cyclic
  if (pre.kind == value_kind::dict || (pre.kind == value_kind::object && pre.dict)) {
    std::vector<value> keys;
    for (const value& c : copies) {
      for (const dict_entry& e : c.dict->entries) {
        bool seen = false;
        for (const value& k : keys) {
          if (same_alternative(k, e.key)) seen = true;
        }
        if (!seen) keys.push_back(e.key);
      }
    }
    std::vector<dict_entry> joined;
    for (const value& k : keys) {
      std::vector<value> vs;
      for (const value& c : copies) {
        const value* v = dict_lookup(*c.dict, k);
        vs.push_back(v != nullptr ? *v : make_absent());
      }
      const value* before = dict_lookup(*pre.dict, k);
      value j = join_value(before, vs, branches, expr, origin, depth + 1);
      if (j.kind != value_kind::absent) joined.push_back({k, std::move(j)});
    }
    pre.dict->entries = std::move(joined);
    return true;
  }
  if (pre.items) {
    std::size_t n = copies.front().items->size();
    std::vector<value> joined;
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<value> vs;
      for (const value& c : copies) vs.push_back((*c.items)[i]);
      const value* before = i < pre.items->size() ? &(*pre.items)[i] : nullptr;
      joined.push_back(join_value(before, vs, branches, expr, origin, depth + 1));
    }
    *pre.items = std::move(joined);
    return true;
  }
  return false;
}

value interpreter::join_value(const value* pre, const std::vector<value>& vs,
                              const std::vector<branch_result*>& branches, std::string_view expr,
                              const source& origin, int depth) {
  // The same original container on every path: join its contents in place, so aliases of it
  // (an importer's name for a base module's dict) see the joined contents.
  const void* id = pre != nullptr ? container_identity(*pre) : nullptr;
  if (id != nullptr && depth < max_value_depth) {
    bool same = true;
    std::vector<value> copies;
    for (std::size_t i = 0; i < vs.size() && same; ++i) {
      const value* copy = find_copy(branches[i]->memo, id);
      same = copy != nullptr && container_identity(vs[i]) == container_identity(*copy);
      if (same) copies.push_back(vs[i]);
    }
    if (same && join_container(*pre, copies, branches, expr, origin, depth)) {
      value out = *pre;
      out.origin = vs.front().origin;
      return out;
    }
  }
  return join_alternatives(vs, expr, origin);
}

void interpreter::merge(frame& f, std::vector<branch_result>& branches, std::string_view expr,
                        const source& origin) {
  // Paths that returned or raised do not continue here (Reference §8: a raise leaves the block).
  std::vector<branch_result*> live;
  std::vector<value> returns;
  bool any_raised = false;
  std::string raised;
  for (branch_result& b : branches) {
    f.maybe_returned.insert(f.maybe_returned.end(), b.maybe_returned.begin(),
                            b.maybe_returned.end());
    if (b.maybe_broke && branches.size() > 1) f.maybe_broke = true;
    if (b.state == flow::returned) {
      returns.push_back(b.returned.value_or(make_none(origin)));
    } else if (b.state == flow::raised) {
      any_raised = true;
      raised = b.raised;
    } else {
      live.push_back(&b);
    }
  }
  if (live.empty()) {
    // Every path left: the joined state is that of the exits (kept for the caller's view).
    for (branch_result& b : branches) live.push_back(&b);
    if (!returns.empty()) {
      f.state = flow::returned;
      f.returned = join_alternatives(returns, expr, origin);
    } else if (any_raised) {
      f.state = flow::raised;
      f.raised = raised;
    }
  } else {
    f.maybe_returned.insert(f.maybe_returned.end(), returns.begin(), returns.end());
    // A single live path that broke/continued keeps that flow.
    if (live.size() == 1) {
      f.state = live.front()->state;
      if (f.state == flow::broke && branches.size() > 1) {
        f.state = flow::normal;
        f.maybe_broke = true;
      }
    } else if (f.maybe_broke) {
      f.state = flow::normal;
    }
  }
  auto join_map = [&](ns_map& original, bool globals) {
    std::set<std::string> names;
    for (const auto& [name, v] : original) names.insert(name);
    for (branch_result* b : live) {
      const ns_map& m = globals ? *b->globals : *b->locals;
      for (const auto& [name, v] : m) names.insert(name);
    }
    for (const std::string& name : names) {
      std::vector<value> vs;
      bool all_same_as_before = true;
      auto before = original.find(name);
      for (branch_result* b : live) {
        const ns_map& m = globals ? *b->globals : *b->locals;
        auto it = m.find(name);
        vs.push_back(it != m.end() ? it->second : make_absent());
        if (before == original.end() || it == m.end()) {
          all_same_as_before = all_same_as_before && before == original.end() && it == m.end();
        }
      }
      if (all_same_as_before && before == original.end()) continue;
      std::vector<branch_result*> bs(live.begin(), live.end());
      value j =
          join_value(before != original.end() ? &before->second : nullptr, vs, bs, expr, origin, 0);
      if (j.kind == value_kind::absent) {
        original.erase(name);
      } else {
        original[name] = std::move(j);
      }
    }
  };
  joined_.clear();
  join_map(*f.module->ns, true);
  if (f.locals) join_map(*f.locals, false);
  joined_.clear();
}

}  // namespace connplan::python::detail
