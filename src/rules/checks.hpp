// Every rule's entry point, declared once: the registration lists and the rules' tests use these.
#pragma once

#include <vector>

#include "rules/rule_context.hpp"

namespace connplan::rules {

// Capacity (CP1xx).
void check_cp101(const rule_context&, std::vector<finding>&);
void check_cp102(const rule_context&, std::vector<finding>&);
void check_cp103(const rule_context&, std::vector<finding>&);
void check_cp104(const rule_context&, std::vector<finding>&);
void check_cp105(const rule_context&, std::vector<finding>&);
void check_cp106(const rule_context&, std::vector<finding>&);
void check_cp107(const rule_context&, std::vector<finding>&);
void check_cp108(const rule_context&, std::vector<finding>&);
// Django (CP2xx).
void check_cp201(const rule_context&, std::vector<finding>&);
void check_cp202(const rule_context&, std::vector<finding>&);
void check_cp203(const rule_context&, std::vector<finding>&);
void check_cp204(const rule_context&, std::vector<finding>&);
void check_cp205(const rule_context&, std::vector<finding>&);
void check_cp206(const rule_context&, std::vector<finding>&);
void check_cp207(const rule_context&, std::vector<finding>&);
void check_cp208(const rule_context&, std::vector<finding>&);
// gunicorn, Celery, PostgreSQL, PgBouncer, security (CP3xx–CP7xx).
void check_cp302(const rule_context&, std::vector<finding>&);
void check_cp303(const rule_context&, std::vector<finding>&);
void check_cp304(const rule_context&, std::vector<finding>&);
void check_cp305(const rule_context&, std::vector<finding>&);
void check_cp403(const rule_context&, std::vector<finding>&);
void check_cp404(const rule_context&, std::vector<finding>&);
void check_cp504(const rule_context&, std::vector<finding>&);
void check_cp604(const rule_context&, std::vector<finding>&);
void check_cp605(const rule_context&, std::vector<finding>&);
void check_cp701(const rule_context&, std::vector<finding>&);
void check_cp702(const rule_context&, std::vector<finding>&);

}  // namespace connplan::rules
