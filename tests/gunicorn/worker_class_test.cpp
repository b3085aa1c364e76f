#include "gunicorn/worker_class.hpp"

#include <gtest/gtest.h>

namespace connplan::gunicorn::detail {
namespace {

// gunicorn/workers/__init__.py SUPPORTED_WORKERS: gevent_wsgi and gevent_pywsgi are gevent.
TEST(GunicornWorkerClass, AliasesAndBuiltinPaths) {
  EXPECT_EQ(canonical_worker_class("gevent_pywsgi"), "gevent");
  EXPECT_EQ(canonical_worker_class("gevent_wsgi"), "gevent");
  EXPECT_EQ(canonical_worker_class("egg:gunicorn#eventlet"), "eventlet");
  EXPECT_EQ(canonical_worker_class("gunicorn.workers.gthread.ThreadWorker"), "gthread");
  EXPECT_EQ(canonical_worker_class("uvicorn.workers.UvicornWorker"),
            "uvicorn.workers.UvicornWorker");
}

// tool-behaviour.md gunicorn 20.1 item 2: "`threads > 1` with `worker_class = "sync"` silently
// switches to the `gthread` ThreadWorker".
TEST(GunicornWorkerClass, SyncWithThreadsBecomesGthread) {
  EXPECT_EQ(effective_worker_class("sync", false, 2), "gthread");
  EXPECT_EQ(effective_worker_class("sync", false, 1), "sync");
  EXPECT_EQ(effective_worker_class("gunicorn.workers.sync.SyncWorker", false, 4), "gthread");
  EXPECT_EQ(effective_worker_class("myapp.MySyncWorker", false, 4), "gthread");
  EXPECT_EQ(effective_worker_class("gevent", false, 4), "gevent");
}

// domain.md §1.1: "A class object (23.0+) is *not* switched (the check is `isinstance(uri, str)`)".
TEST(GunicornWorkerClass, ClassObjectIsNotSwitched) {
  EXPECT_EQ(effective_worker_class("gunicorn.workers.sync.SyncWorker", true, 4),
            "gunicorn.workers.sync.SyncWorker");
}

TEST(GunicornWorkerClass, AlternativesTakeTheWorstCase) {
  value_entry cls;
  cls.status = value_status::alternatives;
  cls.alternatives = {"sync", "gevent"};
  cls.value = "gevent";
  auto threads = value_entry::known(1, source::default_value());
  auto e = effective_entry(cls, false, threads);
  EXPECT_EQ(e.status, value_status::alternatives);
  EXPECT_EQ(e.value, "gevent");
}

TEST(GunicornWorkerClass, UnknownThreadsMakeSyncUnknown) {
  auto cls = value_entry::known("sync", source::default_value());
  auto threads = value_entry::unknown("os.environ['T']", "environment variable T is not set",
                                      source::default_value());
  EXPECT_EQ(effective_entry(cls, false, threads).status, value_status::unknown);
  auto gevent = value_entry::known("gevent", source::default_value());
  EXPECT_EQ(effective_entry(gevent, false, threads).value, "gevent");
}

TEST(GunicornWorkerClass, SwitchCitesThreadsAsItsSource) {
  auto cls = value_entry::known("sync", source::default_value());
  auto threads = value_entry::known(8, source::from_file({"g.py", {2, 1}, {2, 11}}));
  auto e = effective_entry(cls, false, threads);
  EXPECT_EQ(e.value, "gthread");
  EXPECT_EQ(e.origin.kind, source_kind::file);
}

}  // namespace
}  // namespace connplan::gunicorn::detail
