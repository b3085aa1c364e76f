// The parser's window on the token stream (parser.cpp): tokens read on demand, only the current
// top-level statement's held.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <vector>

#include "python/tokenizer.hpp"

namespace connplan::python::detail {

// The parser's view of the tokens: absolute indexes into a stream read on demand, of which only
// the current top-level statement's tokens (and the look-ahead) are held. Backtracking (the
// parenthesised `with` retry) and look-back (a compound statement's last token) stay inside one
// statement. Tokens live in fixed chunks, so that references to held tokens survive the reading
// of more, and finding token i is a shift and a mask (std::deque's was a quarter of the parse).
class token_window {
 public:
  explicit token_window(token_source& source) : source_(&source) {}
  // A stream read whole beforehand (an f-string field's).
  explicit token_window(const std::vector<token>& tokens) {
    for (const token& t : tokens) push(t);
    done_ = true;
  }

  // Token i, or the `end` token for any i past it.
  const token& at(std::size_t i) {
    if (i < count_) return slot(i);
    while (i >= count_ && !done_) fetch();
    return slot(std::min(i, count_ - 1));
  }
  // Whether token i exists (is not past the `end` token).
  bool has(std::size_t i) {
    at(i);
    return i < count_;
  }
  // The first index still held.
  [[nodiscard]] std::size_t base() const { return first_chunk_ * chunk_size; }
  // Drops the chunks wholly before index i (the last token read is always kept).
  void forget_before(std::size_t i) {
    const std::size_t keep_from = std::min(i, count_ == 0 ? 0 : count_ - 1) / chunk_size;
    if (keep_from <= first_chunk_) return;
    const std::size_t drop = keep_from - first_chunk_;
    // Recycled, not freed: the window's memory stays a few chunks.
    for (std::size_t k = 0; k < drop; ++k) spare_.push_back(std::move(chunks_[k]));
    chunks_.erase(chunks_.begin(), chunks_.begin() + static_cast<std::ptrdiff_t>(drop));
    first_chunk_ = keep_from;
  }
  // The tokenizer's problems so far (none for a stream read whole).
  [[nodiscard]] const std::vector<token_problem>* problems() const {
    return source_ == nullptr ? nullptr : &source_->problems();
  }

 private:
  static constexpr std::size_t chunk_bits = 6;
  static constexpr std::size_t chunk_size = std::size_t{1} << chunk_bits;
  using chunk = std::array<token, chunk_size>;

  const token& slot(std::size_t i) const {
    return (*chunks_[(i >> chunk_bits) - first_chunk_])[i & (chunk_size - 1)];
  }
  void push(const token& t) {
    if ((count_ & (chunk_size - 1)) == 0) {
      if (spare_.empty()) {
        chunks_.push_back(std::make_unique<chunk>());
      } else {
        chunks_.push_back(std::move(spare_.back()));
        spare_.pop_back();
      }
    }
    (*chunks_.back())[count_ & (chunk_size - 1)] = t;
    ++count_;
  }
  void fetch() {
    push(source_->next());
    if (slot(count_ - 1).kind == token_kind::end) done_ = true;
  }

  token_source* source_ = nullptr;
  std::vector<std::unique_ptr<chunk>> chunks_;
  std::vector<std::unique_ptr<chunk>> spare_;
  std::size_t first_chunk_ = 0;  // the chunk index of chunks_[0]
  std::size_t count_ = 0;        // tokens read
  bool done_ = false;
};

}  // namespace connplan::python::detail
