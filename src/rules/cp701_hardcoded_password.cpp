// CP701 hardcoded-password: a password written in a configuration file of the repository — a
// Django `PASSWORD` literal (or one from a literal DATABASE_URL, or the default of an environment
// lookup), a Celery broker_url / result_backend literal with a password, a `password=` in a
// pgbouncer.ini connection string, a password in a connplan.toml env table. Anyone who can read
// the repository can log in, and the password cannot be rotated without a commit.
//
// The model redacts every secret before rules see it (CONTRACTS §9), so this rule recognises a
// password by its redacted shape ("***", ":***@") and where it came from (a file or a toml line,
// not the environment); no message of its own names the value. As ruff's S105/S106 (bandit B105),
// every non-empty literal counts: placeholders are not guessed, and a development settings file
// keeps its password with `# connplan: ignore[CP701]`.
#include <fmt/format.h>

#include <cctype>
#include <map>
#include <set>

#include "connplan/redact.hpp"
#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {
namespace {

constexpr std::string_view advice =
    "read it from the environment or a secret store instead; if the file was ever committed, "
    "rotate the password";

bool written_in_a_file(const connplan::source& s) {
  return s.kind == source_kind::file || s.kind == source_kind::toml;
}

// A redacted non-empty password ("***"), or any alternative that is one.
bool is_password_value(const value_entry& e) {
  if (e.status == value_status::unknown) return false;
  if (e.value == redacted) return true;
  for (const auto& a : e.alternatives) {
    if (a == redacted) return true;
  }
  return false;
}

// A URL with a password in its userinfo (redacted by the model to scheme://user:***@host).
bool url_has_password(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s.find("://") != std::string::npos &&
         s.find(std::string(":") + std::string(redacted) + "@") != std::string::npos;
}

// An environment variable that holds a password: a name with PASS in it (PASSWORD, PGPASSWORD,
// DB_PASSWD), or a value with a password in its URL (DATABASE_URL).
bool env_has_password(const std::string& name, const std::string& value) {
  if (value.empty()) return false;
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper.find("PASS") != std::string::npos) return true;
  return url_has_password(redact_secrets(value));
}

void check_django(const loaded_service& s, std::set<std::string>& seen, std::vector<finding>& out) {
  if (!s.django || !seen.insert("django:" + s.django->path).second) return;
  for (const auto& alias : s.django->databases) {
    const value_entry* p = alias.find("PASSWORD");
    if (p == nullptr || !written_in_a_file(p->origin) || !is_password_value(*p)) continue;
    auto f = make_finding(
        "CP701", fmt::format("DATABASES.{}.PASSWORD is a password written in the file", alias.name),
        first_location({p->origin}), fmt::format("DATABASES.{}.PASSWORD", alias.name));
    f.service = s.input.name;
    f.notes.emplace_back(advice);
    out.push_back(std::move(f));
  }
}

void check_celery(const loaded_service& s, std::set<std::string>& seen, std::vector<finding>& out) {
  if (!s.celery || !seen.insert("celery:" + s.celery->path).second) return;
  for (const auto& [name, e] :
       {std::pair<std::string_view, const value_entry*>{"broker_url", &s.celery->broker_url},
        {"result_backend", &s.celery->result_backend}}) {
    if (!written_in_a_file(e->origin) || !url_has_password(e->value)) continue;
    auto f = make_finding("CP701", fmt::format("{} carries a password written in the file", name),
                          first_location({e->origin}), std::string(name));
    f.service = s.input.name;
    f.notes.emplace_back(advice);
    out.push_back(std::move(f));
  }
}

void check_pgbouncer(const loaded_pgbouncer& b, std::vector<finding>& out) {
  if (!b.config) return;
  auto entry = [&](const pgbouncer::database_entry& e) {
    if (!e.has_password) return;
    auto f = make_finding(
        "CP701",
        fmt::format("database entry {} has a password= written in its connection string", e.name),
        e.location, fmt::format("databases.{}.password", e.name));
    f.notes.emplace_back(
        "let PgBouncer take the server password from auth_file or auth_query instead; if the "
        "file was ever committed, rotate the password");
    out.push_back(std::move(f));
  };
  for (const auto& e : b.config->databases) entry(e);
  if (b.config->fallback) entry(*b.config->fallback);
}

void check_env(const std::map<std::string, toml_string>& env, std::string_view table,
               std::vector<finding>& out) {
  for (const auto& [name, v] : env) {
    if (!written_in_a_file(v.origin) || !env_has_password(name, v.value)) continue;
    auto f = make_finding("CP701",
                          fmt::format("{} {} holds a password written in the file", table, name),
                          first_location({v.origin}), fmt::format("env.{}", name));
    f.notes.push_back(
        "pass it at run time with --env NAME=VALUE or the environment of the service instead; if "
        "the file was ever committed, rotate the password");
    out.push_back(std::move(f));
  }
}

}  // namespace

void check_cp701(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  std::set<std::string> seen;  // a file several services read is reported once
  for (const auto& s : ctx.model->services) {
    check_django(s, seen, out);
    check_celery(s, seen, out);
  }
  for (const auto& b : ctx.model->pgbouncers) check_pgbouncer(b, out);
  check_env(ctx.model->config.env, "[env]", out);
  for (const auto& d : ctx.model->config.services) {
    check_env(d.env, fmt::format("[[service]] {} env", d.name ? d.name->value : "?"), out);
  }
}

}  // namespace connplan::rules
