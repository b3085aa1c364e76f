// The registration list of the gunicorn, Celery, PostgreSQL, PgBouncer and security rules
// (CP3xx–CP7xx), in code order.
#include "rules/rule_context.hpp"

namespace connplan::rules {

std::span<const rule_entry> server_rules() {
  return {};
}

}  // namespace connplan::rules
