#include "celery/values.hpp"

#include <gtest/gtest.h>

namespace connplan::celery::detail {
namespace {

using nlohmann::json;
using python::value;
using python::value_kind;

value str(std::string s) {
  value v;
  v.kind = value_kind::string;
  v.text = std::move(s);
  return v;
}

value num(std::int64_t n) {
  value v;
  v.kind = value_kind::integer;
  v.integer = n;
  return v;
}

setting_value at_line(value v, std::uint32_t line = 3) {
  setting_value s;
  s.value = std::move(v);
  s.origin = connplan::source::from_file({"celeryconfig.py", {line, 1}, {line, 9}});
  return s;
}

TEST(CeleryValues, WorstCase) {
  // worker_concurrency None is the CPU count: no bound in the configuration.
  EXPECT_TRUE(worst_case("worker_concurrency", {json(4), json(nullptr)}).is_null());
  EXPECT_EQ(worst_case("worker_concurrency", {json(4), json(16), json(8)}), 16);
  EXPECT_EQ(worst_case("worker_pool", {json("solo"), json("gevent"), json("prefork")}), "gevent");
  EXPECT_EQ(worst_case("worker_pool", {json("solo"), json("threads")}), "threads");
  EXPECT_EQ(worst_case("result_backend", {json("rpc://"), json("db+postgresql://h/d")}),
            "db+postgresql://h/d");
  EXPECT_EQ(worst_case("beat_scheduler", {json("celery.beat:PersistentScheduler"),
                                          json("django_celery_beat.schedulers:DatabaseScheduler")}),
            "django_celery_beat.schedulers:DatabaseScheduler");
  EXPECT_EQ(worst_case("task_always_eager", {json(true), json(false)}), false);
  EXPECT_EQ(worst_case("task_default_queue", {json("a"), json("b")}), "a");
}

TEST(CeleryValues, Redaction) {
  // CONTRACTS §9: "the password in URL userinfo ... the value of any key or name matching
  // PASS|SECRET|TOKEN|KEY|CREDENTIAL ... become `***`"
  EXPECT_EQ(to_entry("broker_url", at_line(str("amqp://u:secret-pw@h//"))).value,
            "amqp://u:***@h//");
  EXPECT_EQ(to_entry("broker_password", at_line(str("pw"))).value, "***");
  EXPECT_TRUE(to_entry("security_key", at_line(value{})).value.is_null());
  value d;
  d.kind = value_kind::dict;
  d.dict = std::make_shared<python::dict_object>();
  d.dict->entries.push_back({str("password"), str("pw")});
  d.dict->entries.push_back({str("pool_size"), num(5)});
  auto e = to_entry("database_engine_options", at_line(d));
  EXPECT_EQ(e.value, json({{"password", "***"}, {"pool_size", 5}}));
}

TEST(CeleryValues, Statuses) {
  auto k = to_entry("worker_concurrency", at_line(num(4)));
  EXPECT_EQ(k.status, value_status::known);
  EXPECT_EQ(k.origin.location.begin.line, 3u);

  value u;
  u.kind = value_kind::unknown;
  u.expr = "int(os.environ['W'])";
  u.reason = "environment variable W is not set";
  auto ue = to_entry("worker_concurrency", at_line(u));
  EXPECT_EQ(ue.status, value_status::unknown);
  EXPECT_EQ(ue.expr, "int(os.environ['W'])");
  EXPECT_TRUE(ue.value.is_null());

  value a;
  a.kind = value_kind::alternatives;
  a.alternatives = {num(2), num(12)};
  auto ae = to_entry("worker_concurrency", at_line(a));
  EXPECT_EQ(ae.status, value_status::alternatives);
  EXPECT_EQ(ae.value, 12);
  EXPECT_EQ(ae.alternatives.size(), 2u);

  // One unknown possibility makes the whole value unknown.
  a.alternatives.push_back(u);
  EXPECT_EQ(to_entry("worker_concurrency", at_line(a)).status, value_status::unknown);
}

}  // namespace
}  // namespace connplan::celery::detail
