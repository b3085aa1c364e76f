// The registration list of the gunicorn, Celery, PostgreSQL, PgBouncer and security rules
// (CP3xx–CP7xx), in code order; CP107 (memory-overcommit) reads the servers' files rather than the
// plan, so it lives here too.
#include <array>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

std::span<const rule_entry> server_rules() {
  static constexpr std::array entries{
      rule_entry{"CP107", &check_cp107}, rule_entry{"CP302", &check_cp302},
      rule_entry{"CP303", &check_cp303}, rule_entry{"CP304", &check_cp304},
      rule_entry{"CP305", &check_cp305}, rule_entry{"CP403", &check_cp403},
      rule_entry{"CP404", &check_cp404}, rule_entry{"CP504", &check_cp504},
      rule_entry{"CP604", &check_cp604}, rule_entry{"CP605", &check_cp605},
      rule_entry{"CP701", &check_cp701}, rule_entry{"CP702", &check_cp702},
  };
  return entries;
}

}  // namespace connplan::rules
