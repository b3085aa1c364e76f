// The one reviewed table of rule codes (CONTRACTS.md §11). A removed rule keeps its row.
#include "connplan/rule_table.hpp"

#include <algorithm>
#include <array>

namespace connplan {
namespace {

using enum severity;

constexpr std::array rules{
    rule_info{"CP001", "syntax-error", "input", error, "a file cannot be parsed"},
    rule_info{"CP002", "unresolved-value", "input", warning,
              "a value that matters to connections cannot be known statically"},
    rule_info{"CP003", "config-file-not-loaded", "input", warning,
              "a known start command does not load the config file"},
    rule_info{"CP004", "unused-suppression", "input", info, "a suppression matches no finding"},
    rule_info{"CP005", "unreadable-input", "input", error,
              "an included or discovered file cannot be read, is binary or not a regular file"},
    rule_info{"CP006", "input-limit-exceeded", "input", error,
              "a file is over a size, include-depth or nesting-depth limit"},
    rule_info{"CP007", "file-outside-root", "input", warning,
              "a referenced file lies outside the project root and is not read"},
    rule_info{"CP008", "unclassified-file", "input", info,
              "a file is not recognised as any configuration kind"},
    // Added after CONTRACTS §11 was written, in the input area's next free codes
    // (docs/decisions.md).
    rule_info{"CP009", "unknown-config-key", "input", warning,
              "connplan.toml has a key connplan does not know, so it is ignored"},
    rule_info{"CP010", "invalid-config-value", "input", error,
              "a connplan.toml value has the wrong type or is out of range"},
    rule_info{"CP101", "demand-exceeds-capacity", "capacity", error,
              "worst-case demand exceeds the server's usable connection slots"},
    rule_info{"CP102", "demand-near-capacity", "capacity", warning,
              "worst-case demand is above the warning share of usable slots"},
    rule_info{"CP103", "pgbouncer-pools-exceed-capacity", "capacity", error,
              "the pgbouncer pools' ceiling exceeds the server's usable slots"},
    rule_info{"CP104", "clients-exceed-max-client-conn", "capacity", error,
              "client demand on a pgbouncer exceeds max_client_conn"},
    rule_info{"CP105", "unbounded-demand", "capacity", error,
              "a service's connection demand has no upper bound"},
    rule_info{"CP106", "reload-surge-exceeds-capacity", "capacity", warning,
              "the transient peak of a reload or deploy exceeds usable slots"},
    rule_info{"CP107", "memory-overcommit", "capacity", warning,
              "worst-case PostgreSQL memory exceeds the declared memory"},
    rule_info{"CP108", "standby-max-connections-below-primary", "capacity", error,
              "a standby's max_connections is lower than its primary's"},
    rule_info{"CP201", "conflicting-conn-max-age", "django", warning,
              "CONN_MAX_AGE is set to different values across settings files"},
    rule_info{"CP202", "persistent-connections-under-asgi", "django", warning,
              "persistent connections are enabled under an ASGI server"},
    rule_info{"CP203", "pool-with-persistent-connections", "django", error,
              "the native pool is combined with a non-zero CONN_MAX_AGE"},
    rule_info{"CP204", "server-side-cursors-with-transaction-pooling", "django", error,
              "server-side cursors are enabled behind transaction or statement pooling"},
    rule_info{"CP205", "startup-options-through-pgbouncer", "django", error,
              "libpq startup options are sent through a pgbouncer that refuses or drops them"},
    rule_info{"CP206", "misplaced-database-setting", "django", warning,
              "a per-alias database key is set at module level, where Django ignores it"},
    rule_info{"CP207", "persistent-connections-with-green-threads", "django", error,
              "persistent connections under gevent or eventlet pile up without bound"},
    rule_info{"CP208", "health-checks-without-persistence", "django", info,
              "CONN_HEALTH_CHECKS has no effect while CONN_MAX_AGE is 0"},
    rule_info{"CP209", "django-key-in-options", "django", error,
              "a Django database key inside OPTIONS is passed to libpq and every connection fails"},
    rule_info{"CP210", "conn-max-age-not-a-number", "django", error,
              "CONN_MAX_AGE is not a number and fails when a connection opens"},
    rule_info{"CP211", "missing-default-database", "django", error,
              "DATABASES has no 'default' alias, so Django refuses every connection"},
    rule_info{"CP301", "unknown-gunicorn-setting", "gunicorn", warning,
              "a gunicorn config name is not a setting and is silently ignored"},
    rule_info{"CP302", "worker-connections-ignored", "gunicorn", warning,
              "worker_connections is set while the effective worker class is sync"},
    rule_info{"CP303", "threads-switch-to-gthread", "gunicorn", info,
              "threads > 1 with the sync worker silently switches to gthread"},
    rule_info{"CP304", "max-requests-without-jitter", "gunicorn", info,
              "max_requests without max_requests_jitter restarts workers together"},
    rule_info{"CP305", "worker-timeout-disabled", "gunicorn", warning,
              "timeout = 0 lets hung requests hold their connections forever"},
    rule_info{"CP401", "unknown-celery-setting", "celery", warning,
              "a Celery setting name is unknown and silently ignored"},
    rule_info{"CP402", "mixed-celery-setting-styles", "celery", error,
              "old and new Celery setting names are mixed and Celery refuses the module"},
    rule_info{"CP403", "concurrency-from-cpu-count", "celery", warning,
              "worker concurrency defaults to the host's CPU count"},
    rule_info{"CP404", "green-pool-with-orm", "celery", warning,
              "a gevent or eventlet pool multiplies ORM connections by its concurrency"},
    rule_info{"CP405", "old-setting-ignored-under-namespace", "celery", warning,
              "an old-style Celery name is ignored under a namespace"},
    rule_info{"CP501", "unknown-postgres-parameter", "postgres", error,
              "postgresql.conf sets a parameter PostgreSQL does not know"},
    rule_info{"CP502", "invalid-postgres-value", "postgres", error,
              "a postgresql.conf value is rejected by PostgreSQL"},
    rule_info{"CP503", "shadowed-postgres-setting", "postgres", info,
              "a postgresql.conf setting is overridden by a later one"},
    rule_info{"CP504", "idle-in-transaction-timeout-disabled", "postgres", info,
              "idle_in_transaction_session_timeout is 0, so idle transactions hold slots"},
    rule_info{"CP505", "reserved-slots-exceed-max-connections", "postgres", error,
              "reserved connection slots leave no room for ordinary connections"},
    rule_info{"CP506", "server-refuses-to-start", "postgres", error,
              "a start-time check of the postmaster fails"},
    rule_info{"CP601", "unknown-pgbouncer-setting", "pgbouncer", error,
              "pgbouncer.ini sets a key pgbouncer does not know"},
    rule_info{"CP602", "invalid-pgbouncer-value", "pgbouncer", error,
              "a pgbouncer.ini value is rejected by pgbouncer"},
    rule_info{"CP603", "pgbouncer-section-reset", "pgbouncer", warning,
              "a repeated [pgbouncer] header resets the settings before it"},
    rule_info{"CP604", "session-pooling-with-persistent-clients", "pgbouncer", warning,
              "session pooling with persistent Django connections pins server connections"},
    rule_info{"CP605", "pools-per-client-user", "pgbouncer", info,
              "a database entry without user= opens one pool per client user"},
    rule_info{"CP701", "hardcoded-password", "security", warning,
              "a password is written in a configuration file"},
    rule_info{"CP702", "trust-auth-on-network", "security", error,
              "pgbouncer trusts every client on a network address"},
    rule_info{"CP801", "launch-config-missing", "launch", error,
              "a launch command names a config file that does not exist"},
    rule_info{"CP802", "development-server-in-deployment", "launch", warning,
              "a deployment starts Django's development server"},
    rule_info{"CP803", "launch-conflicts-with-toml", "launch", info,
              "a launch file and connplan.toml disagree"},
    rule_info{"CP804", "unparsed-launch-command", "launch", info,
              "a launch command cannot be followed"},
    rule_info{"CP901", "observed-above-predicted", "observe", error,
              "live connections exceed the predicted worst case"},
    rule_info{"CP902", "unaccounted-connections", "observe", warning,
              "live connections match no planned service"},
    rule_info{"CP903", "long-idle-in-transaction", "observe", warning,
              "a session has been idle in transaction longer than the threshold"},
    rule_info{"CP904", "observed-near-capacity", "observe", warning,
              "live connections are above the warning share of usable slots"},
    rule_info{"CP905", "live-setting-differs-from-repo", "observe", warning,
              "a live server setting differs from the repository's postgresql.conf"},
};

}  // namespace

std::span<const rule_info> all_rules() {
  return rules;
}

const rule_info* find_rule(std::string_view code) {
  auto it =
      std::find_if(rules.begin(), rules.end(), [&](const rule_info& r) { return r.code == code; });
  return it == rules.end() ? nullptr : &*it;
}

}  // namespace connplan
