// Reference cycles the evaluator creates, broken when it is done: a function keeps its module
// (for its globals) while the module's namespace keeps the function (`def f(): ...`), a nested
// function keeps the enclosing scope that holds it, a package and its submodule hold each other, a
// bound method is stored in its receiver's attributes. shared_ptr never frees such a cycle;
// fuzz_python_models reported it as a leak for every `def`. Walking what the run returns is not
// enough: an object the file rebinds (`app = Celery(); app = Celery()`) is unreachable at the end
// while its bound methods still hold it, so every state is registered when it is made and cut here.
// Values that leave the evaluator (module_result) are only read by the models, which never call a
// function, so its module, closure and receiver may go once the run is over.
#include "pyeval/interpreter.hpp"

namespace connplan::python::detail {

std::shared_ptr<opaque_state> interpreter::new_opaque(opaque_state::what kind) {
  auto state = std::make_shared<opaque_state>();
  state->kind = kind;
  // Forget the states already freed whenever the list doubles, so a long run stays linear.
  if (opaques_.size() == opaques_.capacity() && !opaques_.empty()) {
    std::erase_if(opaques_, [](const std::weak_ptr<opaque_state>& w) { return w.expired(); });
  }
  opaques_.push_back(state);
  return state;
}

interpreter::~interpreter() {
  for (const auto& weak : opaques_) {
    if (std::shared_ptr<opaque_state> o = weak.lock()) {
      o->module.reset();
      o->closure.reset();
      o->receiver.reset();
    }
  }
}

}  // namespace connplan::python::detail
