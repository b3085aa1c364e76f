// Reference cycles the evaluator creates, broken when it is done: a function keeps its module
// (for its globals) while the module's namespace keeps the function (`def f(): ...`), a nested
// function keeps the enclosing scope that holds it, a package and its submodule hold each other.
// shared_ptr never frees such a cycle; fuzz_python_models reported it as a leak for every `def`.
// Values that leave the evaluator (module_result) are only read by the models, which never call a
// function, so its module and closure may go once the run is over.
#include <set>
#include <vector>

#include "pyeval/interpreter.hpp"

namespace connplan::python::detail {
namespace {

class cycle_walker {
 public:
  void walk_namespace(const std::shared_ptr<ns_map>& ns) {
    if (!ns || !seen_.insert(ns.get()).second) return;
    for (const auto& entry : *ns) walk(entry.second);
  }

  void walk(const value& v) {
    if (v.items && seen_.insert(v.items.get()).second) {
      for (const value& item : *v.items) walk(item);
    }
    if (v.dict && seen_.insert(v.dict.get()).second) {
      for (const dict_entry& e : v.dict->entries) {
        walk(e.key);
        walk(e.val);
      }
    }
    for (const value& a : v.alternatives) walk(a);
    if (v.internal && seen_.insert(v.internal.get()).second) {
      opaque_state& o = *v.internal;
      opaques_.push_back(v.internal);
      for (const auto& d : o.defaults) {
        if (d) walk(*d);
      }
      for (const value& b : o.bases) walk(b);
      if (o.receiver) walk(*o.receiver);
      if (o.module) walk_namespace(o.module->ns);
      walk_namespace(o.closure);
    }
  }

  void cut() {
    for (const auto& o : opaques_) {
      o->module.reset();
      o->closure.reset();
      o->receiver.reset();  // a bound method kept in its receiver's attributes
    }
  }

 private:
  std::set<const void*> seen_;
  std::vector<std::shared_ptr<opaque_state>> opaques_;
};

}  // namespace

interpreter::~interpreter() {
  cycle_walker walker;
  for (const auto& entry : modules_) walker.walk_namespace(entry.second->ns);
  for (const auto& entry : result_.globals) walker.walk(entry.second);
  walker.cut();
}

}  // namespace connplan::python::detail
