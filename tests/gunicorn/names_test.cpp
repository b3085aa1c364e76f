#include "gunicorn/names.hpp"

#include <gtest/gtest.h>

#include "connplan/python/parse.hpp"

namespace connplan::gunicorn::detail {
namespace {

std::set<std::string> reads(std::string_view text) {
  auto parsed = python::parse_module(text, "gunicorn.conf.py");
  EXPECT_TRUE(parsed.complete);
  return names_read(parsed.module);
}

// The brief: `cpu = multiprocessing.cpu_count(); workers = cpu * 2 + 1`: cpu is read.
TEST(GunicornNames, HelperReadByAnotherAssignment) {
  auto r =
      reads("import multiprocessing\ncpu = multiprocessing.cpu_count()\nworkers = cpu * 2 + 1\n");
  EXPECT_TRUE(r.contains("cpu"));
  EXPECT_TRUE(r.contains("multiprocessing"));
  EXPECT_FALSE(r.contains("workers"));
}

TEST(GunicornNames, AssignmentTargetsAreNotReads) {
  auto r = reads("a = 1\nb, c = 2, 3\nfor d in []: pass\nwith x as e: pass\nf += 1\n");
  for (const char* bound : {"a", "b", "c", "d", "e", "f"}) EXPECT_FALSE(r.contains(bound)) << bound;
  EXPECT_TRUE(r.contains("x"));
}

TEST(GunicornNames, SubscriptAndAttributeTargetsReadTheObject) {
  auto r = reads("opts = {}\nopts['a'] = 1\nobj.attr = 2\n");
  EXPECT_TRUE(r.contains("opts"));
  EXPECT_TRUE(r.contains("obj"));
}

TEST(GunicornNames, ReadsInsideHooksAndFStrings) {
  auto r = reads("log_dir = '/x'\ndef post_fork(server, worker):\n    print(f'{log_dir}')\n");
  EXPECT_TRUE(r.contains("log_dir"));
  EXPECT_TRUE(r.contains("print"));
}

// Python scoping: a hook's parameter `worker` is not the module-level `worker`.
TEST(GunicornNames, FunctionLocalsAreNotModuleReads) {
  auto r = reads(
      "worker = 2\ndef post_fork(server, worker):\n    worker.log.info(1)\n"
      "def f():\n    global g\n    g = 1\n    return g\n");
  EXPECT_FALSE(r.contains("worker"));
  EXPECT_TRUE(r.contains("g"));
}

TEST(GunicornNames, FunctionArityCountsPositionalParameters) {
  auto parsed = python::parse_module(
      "def post_fork(server, worker=None, *args, key=1, **kw): pass\ndef when_ready(): pass\n",
      "c.py");
  auto a = function_arities(parsed.module);
  EXPECT_EQ(a.at("post_fork"), 2);
  EXPECT_EQ(a.at("when_ready"), 0);
}

TEST(GunicornNames, EditDistance) {
  EXPECT_EQ(edit_distance("worker", "workers"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

// tool-behaviour.md gunicorn 20.1 item 1: "case variants (`WORKERS`) and typos (`worker`)".
TEST(GunicornNames, DidYouMean) {
  EXPECT_EQ(did_you_mean("WORKERS", "20.1"), "workers");
  EXPECT_EQ(did_you_mean("worker", "20.1"), "workers");
  EXPECT_EQ(did_you_mean("max_request", "20.1"), "max_requests");
  EXPECT_EQ(did_you_mean("thread", "20.1"), "threads");
  EXPECT_EQ(did_you_mean("Worker_Class", "20.1"), "worker_class");
  EXPECT_EQ(did_you_mean("max_worker_age", "20.1"), std::nullopt);
  EXPECT_EQ(did_you_mean("cpu", "20.1"), std::nullopt);
}

}  // namespace
}  // namespace connplan::gunicorn::detail
