// The node storage of one parsed module: a monotonic arena of large blocks holding every child
// list, payload and decoded string of the tree. Nodes are trivially copyable and never freed one by
// one, so the whole tree is released with its last shared owner (module::storage). One block per
// 64 KiB keeps the slack below 1 % of a large module; CPython's own arena (Python/pyarena.c
// @ v3.11) makes the same trade with 8 KiB blocks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <vector>

#include "connplan/python/ast.hpp"

namespace connplan::python::detail {

class node_storage {
 public:
  node_storage() = default;
  node_storage(const node_storage&) = delete;
  node_storage& operator=(const node_storage&) = delete;

  // A copy of `n` objects in the storage.
  template <class T>
  const T* copy(const T* from, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    if (n == 0) return nullptr;
    void* to = allocate(n * sizeof(T), alignof(T));
    std::memcpy(to, from, n * sizeof(T));
    return static_cast<const T*>(to);
  }
  template <class T>
  node_list<T> list(const T* from, std::size_t n) {
    return {copy(from, n), n};
  }
  template <class T>
  const T* one(const T& value) {
    return copy(&value, 1);
  }
  std::string_view text(std::string_view s) {
    if (s.empty()) return {};
    return {copy(s.data(), s.size()), s.size()};
  }

  // Bytes held (for tests of the storage's growth).
  [[nodiscard]] std::size_t reserved() const { return reserved_; }

 private:
  static constexpr std::size_t block_size = 64 * 1024;

  void* allocate(std::size_t bytes, std::size_t align) {
    std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(next_) % align) % align;
    if (next_ == nullptr || pad + bytes > left_) {
      // (`new std::byte[n]` leaves the block uninitialised: no page is touched before use.)
      // A request larger than a quarter block gets a block of its own, so that the current
      // block's remainder is not wasted.
      if (bytes + align > block_size / 4) {
        blocks_.push_back(std::unique_ptr<std::byte[]>(new std::byte[bytes + align]));
        reserved_ += bytes + align;
        std::byte* p = blocks_.back().get();
        p += (align - reinterpret_cast<std::uintptr_t>(p) % align) % align;
        return p;
      }
      blocks_.push_back(std::unique_ptr<std::byte[]>(new std::byte[block_size]));
      reserved_ += block_size;
      next_ = blocks_.back().get();
      left_ = block_size;
      pad = (align - reinterpret_cast<std::uintptr_t>(next_) % align) % align;
    }
    std::byte* p = next_ + pad;
    next_ = p + bytes;
    left_ -= pad + bytes;
    return p;
  }

  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* next_ = nullptr;
  std::size_t left_ = 0;
  std::size_t reserved_ = 0;
};

// The payloads behind expr::payload, by kind.
struct call_payload {
  node_list<keyword> keywords;
};
struct compare_payload {
  node_list<std::string_view> ops;
};
struct comprehension_payload {
  node_list<comprehension> generators;
};
struct lambda_payload {
  node_list<parameter> parameters;
};

}  // namespace connplan::python::detail
