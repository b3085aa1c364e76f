// The node storage behind module::storage (src/python/storage.hpp).
#include "python/storage.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace connplan::python::detail {
namespace {

TEST(storage, copies_are_aligned_and_independent_of_the_source) {
  node_storage store;
  std::string text = "DATABASES";
  const std::string_view kept = store.text(text);
  text[0] = 'x';
  EXPECT_EQ(kept, "DATABASES");
  const std::int64_t numbers[] = {1, 2, 3};
  store.text("odd");  // leaves the next allocation unaligned unless it is realigned
  const node_list<std::int64_t> list = store.list(numbers, 3);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(list.data()) % alignof(std::int64_t), 0u);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[2], 3);
  EXPECT_TRUE(store.text("").empty());
  EXPECT_TRUE(store.list(numbers, 0).empty());
}

TEST(storage, large_requests_get_their_own_block_and_small_ones_share) {
  node_storage store;
  for (int i = 0; i < 1000; ++i) store.text("0123456789");
  EXPECT_EQ(store.reserved(), 64u * 1024);  // 10 kB of small copies: one block
  const std::string big(100 * 1024, 'a');
  EXPECT_EQ(store.text(big), big);
  EXPECT_GE(store.reserved(), 64u * 1024 + big.size());
  EXPECT_LT(store.reserved(), 2 * 64u * 1024 + big.size());
}

}  // namespace
}  // namespace connplan::python::detail
