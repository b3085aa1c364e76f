// The settings each Celery release after 5.2 added or re-defaulted, written by hand from
// celery/app/defaults.py at the release tags (github.com/celery/celery), each row citing the
// commit that made the change. Old names follow `_to_compat` in the same file: the namespace's
// `__old__` pattern (`celery_{0}`, `celeryd_{0}`, `celerybeat_{0}`) or the upper-cased new name.
// 5.2.6 → 5.2.7 changed no setting.
#include "celery/catalogue.hpp"

namespace connplan::celery::detail {

const std::vector<version_delta>& deltas() {
  static const std::vector<version_delta> all{
      {"5.3",
       {
           // defaults.py @ v5.3.0, commit 8a92e0ff3 "Add beat_cron_starting_deadline_seconds"
           // (#7945)
           {"beat_cron_starting_deadline", "CELERYBEAT_CRON_STARTING_DEADLINE", "int", "null"},
           // commit 0d5abd754 "Add broker_channel_error_retry option" (#7951)
           {"broker_channel_error_retry", "BROKER_CHANNEL_ERROR_RETRY", "bool", "false"},
           // commit 4de59d8a0 "broker_connection_retry should no longer apply on startup" (#7300)
           {"broker_connection_retry_on_startup", "BROKER_CONNECTION_RETRY_ON_STARTUP", "bool",
            "null"},
           // commit 8d35c655d "Extend cassandra to cover AstraDB as well" (#7356)
           {"cassandra_bundle_path", "CASSANDRA_BUNDLE_PATH", "string", "null"},
           // commit 744ef43c4 "Add security_key_password option" (#7292)
           {"security_key_password", "CELERY_SECURITY_KEY_PASSWORD", "bytes", "null"},
           // commit 7b585138a "allow_error_cb_on_chord_header" (#7712)
           {"task_allow_error_cb_on_chord_header", "CELERY_ALLOW_ERROR_CB_ON_CHORD_HEADER", "bool",
            "false"},
       },
       // commit d4146ebd5 turned accept_content's default into the tuple ('json',): the same
       // JSON value, so no row changes.
       {}},
      {"5.4",
       {
           // defaults.py @ v5.4.0, commit 06e91d913 "Add Google Cloud Storage (GCS) backend"
           // (#8868)
           {"gcs_base_path", "GCS_BASE_PATH", "string", R"("")"},
           {"gcs_bucket", "GCS_BUCKET", "string", "null"},
           {"gcs_project", "GCS_PROJECT", "string", "null"},
           {"gcs_ttl", "GCS_TTL", "float", "0"},
           // commit 26a7831d1 "New Config: worker_enable_prefetch_count_reduction" (#8581)
           {"worker_enable_prefetch_count_reduction", "CELERYD_ENABLE_PREFETCH_COUNT_REDUCTION",
            "bool", "true"},
       },
       {}},
      {"5.5",
       {
           // defaults.py @ v5.5.0, commit fa5d7ff09 "Native Delayed Delivery in RabbitMQ" (#9207)
           {"broker_native_delayed_delivery_queue_type",
            "BROKER_NATIVE_DELAYED_DELIVERY_QUEUE_TYPE", "string", R"("quorum")"},
           // commit 674656e82 "Non-lazy table creation for database backend" (#9228)
           {"database_create_tables_at_setup", "DATABASE_CREATE_TABLES_AT_SETUP", "bool", "true"},
           // commit 98e3d8638 "Added support for Quorum Queues" (#9121)
           {"task_default_queue_type", "CELERY_DEFAULT_QUEUE_TYPE", "string", R"("classic")"},
           {"worker_detect_quorum_queues", "CELERYD_DETECT_QUORUM_QUEUES", "bool", "true"},
           // commits d31fdc618 "Added Soft Shutdown Mechanism" (#9213), a8ecf180e (#9231)
           {"worker_soft_shutdown_timeout", "CELERYD_SOFT_SHUTDOWN_TIMEOUT", "float", "0.0"},
           {"worker_enable_soft_shutdown_on_idle", "CELERYD_ENABLE_SOFT_SHUTDOWN_ON_IDLE", "bool",
            "false"},
       },
       {}},
      {"5.6",
       {
           // defaults.py @ v5.6.0: control/event queue durability options
           {"control_queue_durable", "CONTROL_QUEUE_DURABLE", "bool", "false"},
           {"control_queue_exclusive", "CONTROL_QUEUE_EXCLUSIVE", "bool", "false"},
           {"event_queue_durable", "CELERY_EVENT_QUEUE_DURABLE", "bool", "false"},
           {"event_queue_exclusive", "CELERY_EVENT_QUEUE_EXCLUSIVE", "bool", "false"},
           // commit 166f705ad "Choose queue type and exchange type when creating missing queues"
           // (#9815)
           {"task_create_missing_queue_type", "CELERY_CREATE_MISSING_QUEUE_TYPE", "string",
            R"("classic")"},
           {"task_create_missing_queue_exchange_type", "CELERY_CREATE_MISSING_QUEUE_EXCHANGE_TYPE",
            "string", "null"},
           // commit 246bca18e "Feature/disable prefetch fixes" (#9863)
           {"worker_disable_prefetch", "CELERYD_DISABLE_PREFETCH", "bool", "false"},
           // commit 6da32827c "Add worker_eta_task_limit configuration" (#9853)
           {"worker_eta_task_limit", "CELERYD_ETA_TASK_LIMIT", "int", "null"},
       },
       {
           // "5.6" is the newest patch release, 5.6.3: commit 9df38ec3e "Fix 10109 db backend
           // connection health" (#10124) gave the database backend's engine health checks by
           // default (5.6.0–5.6.2 still default to None).
           {"database_engine_options", "CELERY_RESULT_ENGINE_OPTIONS", "dict",
            R"({"pool_pre_ping":true,"pool_recycle":3600})"},
       }},
  };
  return all;
}

}  // namespace connplan::celery::detail
