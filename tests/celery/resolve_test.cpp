#include "celery/resolve.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace connplan::celery::detail {
namespace {

using python::value;
using python::value_kind;

value integer(std::int64_t n) {
  value v;
  v.kind = value_kind::integer;
  v.integer = n;
  return v;
}

value text(std::string s) {
  value v;
  v.kind = value_kind::string;
  v.text = std::move(s);
  return v;
}

raw_setting set(std::string name, value v, std::uint32_t line = 1, bool conditional = false) {
  return {std::move(name), std::move(v), source_location{"celeryconfig.py", {line, 1}, {line, 1}},
          conditional};
}

resolve_input module(std::vector<raw_setting> keys) {
  resolve_input in;
  in.cat = catalogue_for("5.2");
  in.conf = std::move(keys);
  return in;
}

std::vector<std::string> codes(const resolution& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.code);
  return out;
}

const finding* first(const resolution& r, std::string_view code) {
  for (const auto& f : r.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

TEST(CeleryResolve, NewNames) {
  auto r = resolve(
      module({set("worker_concurrency", integer(8)), set("broker_pool_limit", integer(1))}));
  EXPECT_TRUE(r.accepted);
  EXPECT_FALSE(r.old_style);
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 8);
  EXPECT_EQ(r.values["worker_concurrency"].origin.location.begin.line, 1u);
  EXPECT_TRUE(r.values["worker_pool"].is_default);
  EXPECT_EQ(r.values["worker_pool"].value.text, "prefork");
  EXPECT_TRUE(r.findings.empty());
}

TEST(CeleryResolve, OldNamesAloneStillWork) {
  // tool-behaviour.md Celery 5.2.6 item 1: "Old upper-case names ... still work ... but only if
  // the file does not mix styles"
  auto r = resolve(module(
      {set("CELERYD_CONCURRENCY", integer(1)), set("CELERYD_PREFETCH_MULTIPLIER", integer(1), 2)}));
  EXPECT_TRUE(r.accepted);
  EXPECT_TRUE(r.old_style);
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 1);
  EXPECT_EQ(r.values["worker_concurrency"].written_as, "CELERYD_CONCURRENCY");
  ASSERT_EQ(r.old_names.size(), 2u);
  EXPECT_TRUE(r.old_names[0].used);
  EXPECT_EQ(r.old_names[0].maps_to, "worker_concurrency");
  EXPECT_TRUE(r.findings.empty());
}

TEST(CeleryResolve, MixedStylesAreRefused) {
  // domain.md §3.3: "Mixing both styles without a namespace raises `ImproperlyConfigured` with
  // "Cannot mix new and old setting keys, please rename the following settings to the new format:""
  auto r =
      resolve(module({set("worker_concurrency", integer(8)), set("broker_url", text("amqp://")),
                      set("CELERYD_POOL", text("threads"), 3)}));
  EXPECT_FALSE(r.accepted);
  ASSERT_EQ(codes(r), std::vector<std::string>{"CP402"});
  const finding* f = first(r, "CP402");
  EXPECT_EQ(f->message,
            "cannot mix new and old setting keys, please rename the following settings to the new "
            "format: CELERYD_POOL -> worker_pool");
  EXPECT_EQ(f->location->begin.line, 3u);
  EXPECT_EQ(f->severity, severity::error);
}

TEST(CeleryResolve, OldMajorityRefusesNewNames) {
  auto r =
      resolve(module({set("CELERYD_CONCURRENCY", integer(8)), set("BROKER_URL", text("amqp://")),
                      set("worker_pool", text("threads"), 3)}));
  EXPECT_FALSE(r.accepted);
  EXPECT_TRUE(r.old_style);
  EXPECT_EQ(first(r, "CP402")->message,
            "cannot mix new setting names with old setting names, please rename the following "
            "settings to use the old format: worker_pool -> CELERYD_POOL");
}

TEST(CeleryResolve, TieKeepsNewNames) {
  // celery/app/utils.py detect_settings: the old names win only with a strict majority.
  auto r =
      resolve(module({set("worker_pool", text("solo")), set("CELERYD_CONCURRENCY", integer(2))}));
  EXPECT_FALSE(r.old_style);
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(first(r, "CP402")->message.find("CELERYD_CONCURRENCY -> worker_concurrency"),
            std::string::npos);
}

TEST(CeleryResolve, BothNamesOfOneSettingAreNotRefused) {
  // detect_settings: "only raise error for keys that the user didn't provide two keys for"
  auto r =
      resolve(module({set("worker_concurrency", integer(8)), set("CELERYD_CONCURRENCY", integer(2)),
                      set("broker_url", text("amqp://"))}));
  EXPECT_TRUE(r.accepted);
  EXPECT_TRUE(codes(r).empty());
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 8);
  ASSERT_EQ(r.old_names.size(), 1u);
  EXPECT_FALSE(r.old_names[0].used);
}

resolve_input django(std::vector<raw_setting> keys) {
  resolve_input in = module(std::move(keys));
  in.prefix = "CELERY";
  in.conf_is_django = true;
  return in;
}

TEST(CeleryResolve, NamespaceReadsPrefixedNewNames) {
  // tool-behaviour.md Celery 5.2.6 item 2: "With a namespace, `CELERY_<NEW_NAME>` is read"
  auto r = resolve(django({set("CELERY_WORKER_CONCURRENCY", integer(8)),
                           set("CELERY_RESULT_BACKEND", text("redis://"), 2)}));
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 8);
  EXPECT_EQ(r.values["result_backend"].value.text, "redis://");
  EXPECT_TRUE(codes(r).empty());
  // "`CELERY_RESULT_BACKEND` triggers a deprecation warning although it is the correct prefixed
  // name": it is an old name, and it is used.
  ASSERT_EQ(r.old_names.size(), 1u);
  EXPECT_TRUE(r.old_names[0].used);
}

TEST(CeleryResolve, NamespaceIgnoresOldNames) {
  // tool-behaviour.md Celery 5.2.6 item 2: "old names (`CELERYD_...`) are **ignored** (masked by
  // the new-style default)"
  auto r = resolve(
      django({set("CELERYD_CONCURRENCY", integer(4)), set("BROKER_URL", text("amqp://x"), 2)}));
  EXPECT_TRUE(r.accepted);
  EXPECT_TRUE(r.values["worker_concurrency"].is_default);
  EXPECT_TRUE(r.values["broker_url"].value.kind == value_kind::none);
  ASSERT_EQ(codes(r), (std::vector<std::string>{"CP405", "CP405"}));
  EXPECT_EQ(r.findings[0].message,
            "old setting name \"CELERYD_CONCURRENCY\" is ignored: with namespace \"CELERY\" celery "
            "reads \"CELERY_WORKER_CONCURRENCY\"");
  EXPECT_EQ(r.findings[0].severity, severity::warning);
  ASSERT_EQ(r.old_names.size(), 2u);
  EXPECT_FALSE(r.old_names[0].used);
  EXPECT_FALSE(r.old_names[1].used);
}

TEST(CeleryResolve, NamespaceUnknownNames) {
  // domain.md §3.3: "Unknown keys (typos such as `CELERY_WORKER_CONCURENCY`, or the non-existent
  // `CELERY_WORKER_AUTOSCALE`) are never validated and are silently ignored"
  auto r =
      resolve(django({set("CELERY_WORKER_CONCURENCY", integer(4)), set("DATABASES", integer(1), 2),
                      set("CELERY_WORKER_AUTOSCALE", text("10,3"), 3)}));
  ASSERT_EQ(codes(r), (std::vector<std::string>{"CP401", "CP401"}));
  EXPECT_EQ(r.findings[0].message,
            "unknown celery setting \"CELERY_WORKER_CONCURENCY\" is ignored");
  EXPECT_EQ(r.findings[0].notes,
            std::vector<std::string>{"did you mean \"CELERY_WORKER_CONCURRENCY\"?"});
  EXPECT_TRUE(r.values["worker_concurrency"].is_default);
}

TEST(CeleryResolve, NamespacedSettingsBeatConfUpdate) {
  // ConfigurationView tries the prefixed key in every map before the bare key: Django's
  // CELERY_WORKER_CONCURRENCY wins over app.conf.update(worker_concurrency=4) (checked with
  // Debian's Celery 5.2.6).
  auto in = django({set("CELERY_WORKER_CONCURRENCY", integer(8))});
  in.changes = {set("worker_concurrency", integer(4), 9), set("worker_pool", text("threads"), 9)};
  auto r = resolve(in);
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 8);
  EXPECT_EQ(r.values["worker_pool"].value.text, "threads");
}

TEST(CeleryResolve, ChangesBeatTheConfigObject) {
  auto in = module({set("worker_concurrency", integer(2))});
  in.changes = {set("worker_concurrency", integer(4), 7), set("CELERYD_POOL", text("solo"), 8)};
  auto r = resolve(in);
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 4);
  EXPECT_EQ(r.values["worker_concurrency"].origin.location.begin.line, 7u);
  // Changes are converted to the config object's style (`info.convert.get(k, k)`).
  EXPECT_EQ(r.values["worker_pool"].value.text, "solo");
  EXPECT_TRUE(r.accepted);
}

TEST(CeleryResolve, WithoutConfigObjectTheChangesAreChecked) {
  // app.conf.update(CELERYD_CONCURRENCY=4, worker_pool="solo") with no config source raises
  // "Cannot mix new and old setting keys" (checked with Debian's Celery 5.2.6).
  resolve_input in;
  in.cat = catalogue_for("5.2");
  in.changes = {set("CELERYD_CONCURRENCY", integer(4)), set("worker_pool", text("solo"))};
  EXPECT_FALSE(resolve(in).accepted);
  // The constructor's broker= is not counted (ignore_keys=_preconf_set_by_auto).
  in.changes = {set("broker_url", text("amqp://a")), set("CELERYD_CONCURRENCY", integer(4)),
                set("BROKER_URL", text("amqp://b"))};
  in.auto_set = {"broker_url"};
  auto r = resolve(in);
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(r.values["broker_url"].value.text, "amqp://b");
  EXPECT_EQ(r.values["worker_concurrency"].value.integer, 4);
}

TEST(CeleryResolve, EnvironmentOverridesUrls) {
  // tool-behaviour.md Celery 5.2.6 item 3: "`CELERY_BROKER_URL`, `CELERY_RESULT_BACKEND`,
  // `CELERY_BROKER_READ_URL`, `CELERY_BROKER_WRITE_URL` environment variables override the file"
  auto in = module({set("broker_url", text("amqp://file")), set("result_backend", text("rpc://"))});
  in.env = {{"CELERY_BROKER_URL", "redis://env"}, {"CELERY_RESULT_BACKEND", "db+postgresql://h/d"}};
  auto r = resolve(in);
  EXPECT_EQ(r.values["broker_url"].value.text, "redis://env");
  EXPECT_EQ(r.values["broker_url"].origin, connplan::source::env("CELERY_BROKER_URL"));
  EXPECT_EQ(r.values["result_backend"].value.text, "db+postgresql://h/d");
  // broker_read_url falls back to the broker URL (`... or self.broker_url`).
  EXPECT_EQ(r.values["broker_read_url"].value.text, "redis://env");
  in.env.clear();
  r = resolve(in);
  EXPECT_EQ(r.values["broker_url"].value.text, "amqp://file");
  EXPECT_EQ(r.values["broker_write_url"].value.text, "amqp://file");
}

TEST(CeleryResolve, UnknownChangeIsReported) {
  // SOURCES.md: "unknown key `task_soft_limit` (mrgdeveloper1401)"
  resolve_input in;
  in.cat = catalogue_for("5.2");
  in.changes = {set("task_soft_limit", integer(50)), set("worker_concurrency", integer(3))};
  auto r = resolve(in);
  ASSERT_EQ(codes(r), std::vector<std::string>{"CP401"});
  EXPECT_EQ(r.findings[0].notes,
            std::vector<std::string>{"did you mean \"task_soft_time_limit\"?"});
  in.changes.erase(in.changes.begin());
  EXPECT_TRUE(resolve(in).findings.empty());
}

TEST(CeleryResolve, ConfigModuleHelpersAreNotReported) {
  auto in = module({set("worker_concurency", integer(3)), set("broker_host", text("h")),
                    set("redis_port", integer(6379)), set("BASE_DIR", text("/"))});
  in.helper_names = {"redis_port"};
  auto r = resolve(in);
  ASSERT_EQ(codes(r), std::vector<std::string>{"CP401"});
  EXPECT_NE(r.findings[0].message.find("worker_concurency"), std::string::npos);
  EXPECT_EQ(r.findings[0].notes, std::vector<std::string>{"did you mean \"worker_concurrency\"?"});
}

TEST(CeleryResolve, OldStyleUnknownSuggestsOldName) {
  auto r = resolve(module(
      {set("CELERY_CONCURRENCY", integer(4)), set("CELERYD_MAX_TASKS_PER_CHILD", integer(10))}));
  EXPECT_TRUE(r.old_style);
  ASSERT_EQ(codes(r), std::vector<std::string>{"CP401"});
  EXPECT_EQ(r.findings[0].notes, std::vector<std::string>{"did you mean \"CELERYD_CONCURRENCY\"?"});
}

TEST(CeleryResolve, ConditionalChangeGivesAlternatives) {
  auto in = module({set("worker_concurrency", integer(2))});
  in.changes = {set("worker_concurrency", integer(16), 5, true)};
  auto r = resolve(in);
  const auto& v = r.values["worker_concurrency"].value;
  ASSERT_EQ(v.kind, value_kind::alternatives);
  ASSERT_EQ(v.alternatives.size(), 2u);
  EXPECT_EQ(v.alternatives[0].integer, 16);
  EXPECT_EQ(v.alternatives[1].integer, 2);
}

}  // namespace
}  // namespace connplan::celery::detail
