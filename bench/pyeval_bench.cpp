// The abstract evaluator (src/pyeval) and the Django settings model on generated modules: parse,
// evaluate and build the model, as `connplan inspect --kind django` does.
#include "bench_support.hpp"
#include "connplan/django.hpp"
#include "connplan/python/evaluate.hpp"
#include "generate.hpp"

namespace connplan::bench {
namespace {

template <std::string (*Generate)(std::size_t)>
void evaluate_generated(benchmark::State& state) {
  const temp_tree tree;
  const std::string text = Generate(base_bytes * static_cast<std::size_t>(state.range(0)));
  const auto file = tree.write("settings.py", text);
  python::evaluate_options options;
  options.root.dir = tree.dir();
  for (auto _ : state) benchmark::DoNotOptimize(python::evaluate_source(text, file, options));
  account(state, text.size());
}

template <std::string (*Generate)(std::size_t)>
void django_model(benchmark::State& state) {
  const temp_tree tree;
  const std::string text = Generate(base_bytes * static_cast<std::size_t>(state.range(0)));
  const auto file = tree.write("settings.py", text);
  const inspect_options options = options_in(tree.dir());
  for (auto _ : state) benchmark::DoNotOptimize(django::load(file, options));
  account(state, text.size());
}

BENCHMARK(evaluate_generated<python_settings>)->Name("pyeval/settings")->Apply(scaled);
BENCHMARK(evaluate_generated<python_huge_dict>)->Name("pyeval/huge_dict")->Apply(scaled);
BENCHMARK(evaluate_generated<python_deep_nesting>)->Name("pyeval/deep_nesting")->Apply(scaled);
// Known quadratic (see generate.hpp): smaller sizes, and the fit chosen by Google Benchmark.
template <std::string (*Generate)(std::size_t)>
void evaluate_small(benchmark::State& state) {
  const temp_tree tree;
  const std::string text = Generate(base_bytes / 16 * static_cast<std::size_t>(state.range(0)));
  const auto file = tree.write("settings.py", text);
  python::evaluate_options options;
  options.root.dir = tree.dir();
  for (auto _ : state) benchmark::DoNotOptimize(python::evaluate_source(text, file, options));
  account(state, text.size());
}
BENCHMARK(evaluate_small<python_list_growth>)
    ->Name("pyeval/list_growth")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Arg(8)
    ->Complexity()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(django_model<python_settings>)->Name("django/settings_model")->Apply(scaled);

}  // namespace
}  // namespace connplan::bench
