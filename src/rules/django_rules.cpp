// The registration list of the Django rules (CP2xx), in code order.
#include "rules/rule_context.hpp"

namespace connplan::rules {

std::span<const rule_entry> django_rules() {
  return {};
}

}  // namespace connplan::rules
