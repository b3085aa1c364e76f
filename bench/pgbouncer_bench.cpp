// pgbouncer.ini front end (src/pgbouncer) on a generated file with many databases and users.
#include "bench_support.hpp"
#include "connplan/pgbouncer.hpp"
#include "generate.hpp"

namespace connplan::bench {
namespace {

void load_ini(benchmark::State& state) {
  const temp_tree tree;
  const std::string text = pgbouncer_ini(base_bytes * static_cast<std::size_t>(state.range(0)));
  const auto file = tree.write("pgbouncer.ini", text);
  inspect_options options = options_in(tree.dir());
  options.pgbouncer_workdir = tree.dir();
  for (auto _ : state) benchmark::DoNotOptimize(pgbouncer::load(file, options));
  account(state, text.size());
}

BENCHMARK(load_ini)->Name("pgbouncer/databases_and_users")->Apply(scaled);

}  // namespace
}  // namespace connplan::bench
