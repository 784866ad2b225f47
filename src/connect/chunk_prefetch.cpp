#include "connect/chunk_prefetch.hpp"

#include <spdlog/spdlog.h>

#include "core/thread_name.hpp"
#include "core/thread_priority.hpp"

namespace norced::connect {

void parse_chunk(PreparedChunk& chunk) {
  chunk.items = parse_items(chunk.text);
  chunk.parsed = true;
}

ChunkPrefetch::ChunkPrefetch(Options options) : options_(options) {
  thread_ = std::thread([this] {
    name_this_thread("norced-prefetch");
    if (const std::string error = lower_this_thread_priority(options_.nice); !error.empty())
      spdlog::warn("connect: prefetch: cannot change thread priority by {}: {}", options_.nice, error);
    loop();
  });
}

ChunkPrefetch::~ChunkPrefetch() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
}

void ChunkPrefetch::offer(int64_t client_id, int64_t job_id, int64_t created, const std::vector<std::string>& chunks) {
  std::lock_guard lock(mu_);
  for (size_t n = 0; n < chunks.size(); ++n) {
    if (bytes_ + chunks[n].size() > options_.max_bytes) return;  // the rest is read from the store
    auto chunk = std::make_unique<PreparedChunk>();
    chunk->text = chunks[n];
    bytes_ += chunk->text.size();
    if (!kept_.emplace(Key{job_id, static_cast<int64_t>(n)}, Entry{client_id, created, std::move(chunk)}).second)
      bytes_ -= chunks[n].size();  // an entry of the same key is kept: take() tells them apart by `created`
  }
}

void ChunkPrefetch::drop(std::map<Key, Entry>::iterator it) {
  bytes_ -= it->second.chunk->text.size();
  to_free_.push_back(std::move(it->second.chunk));
  kept_.erase(it);
}

std::unique_ptr<PreparedChunk> ChunkPrefetch::take(int64_t client_id, int64_t job_id, int64_t created, int64_t n) {
  const Key key{job_id, n};
  std::unique_lock lock(mu_);
  // The client's entries before this one belong to jobs that have ended (or ran elsewhere).
  bool freed = false;
  for (auto it = kept_.begin(); it != kept_.end() && it->first < key;) {
    if (it->second.client_id == client_id && it->second.chunk) {
      drop(it++);
      freed = true;
    } else {
      ++it;
    }
  }
  if (freed) work_.notify_one();
  done_.wait(lock, [&] {
    auto it = kept_.find(key);
    return it == kept_.end() || it->second.chunk != nullptr;  // not kept, or not being parsed right now
  });
  auto it = kept_.find(key);
  if (it == kept_.end()) return nullptr;
  const bool same_job = it->second.client_id == client_id && it->second.created == created;
  auto chunk = std::move(it->second.chunk);
  bytes_ -= chunk->text.size();
  kept_.erase(it);
  if (same_job) return chunk;  // parsed, or text only when the thread had not reached it
  to_free_.push_back(std::move(chunk));
  work_.notify_one();
  return nullptr;  // parsed, or text only when the thread had not reached it
}

void ChunkPrefetch::prepare_next(int64_t client_id, int64_t job_id, int64_t n) {
  std::lock_guard lock(mu_);
  for (auto it = kept_.upper_bound(Key{job_id, n}); it != kept_.end(); ++it) {
    if (it->second.client_id != client_id) continue;
    if (it->second.chunk && !it->second.chunk->parsed) {
      to_parse_.push_back(it->first);
      work_.notify_one();
    }
    return;
  }
}

void ChunkPrefetch::dispose(std::unique_ptr<PreparedChunk> chunk) {
  if (!chunk) return;
  {
    std::lock_guard lock(mu_);
    to_free_.push_back(std::move(chunk));
  }
  work_.notify_one();
}

bool ChunkPrefetch::parsed(int64_t job_id, int64_t n) {
  std::lock_guard lock(mu_);
  auto it = kept_.find(Key{job_id, n});
  return it != kept_.end() && it->second.chunk && it->second.chunk->parsed;
}

size_t ChunkPrefetch::kept_bytes() {
  std::lock_guard lock(mu_);
  return bytes_;
}

void ChunkPrefetch::loop() {
  std::unique_lock lock(mu_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !to_parse_.empty() || !to_free_.empty(); });
    if (stopping_) return;  // what is left is freed with the members
    if (!to_free_.empty()) {
      auto garbage = std::move(to_free_);
      to_free_.clear();
      lock.unlock();
      garbage.clear();
      lock.lock();
      continue;
    }
    const Key key = to_parse_.front();
    to_parse_.pop_front();
    auto it = kept_.find(key);
    if (it == kept_.end() || !it->second.chunk || it->second.chunk->parsed) continue;
    // Parsed outside the lock; the entry stays, empty, so that take() waits for it rather than parse it twice.
    auto chunk = std::move(it->second.chunk);
    lock.unlock();
    try {
      parse_chunk(*chunk);
    } catch (const std::exception&) {
      chunk->items.clear();  // the worker parses it again and fails the job with the message
      chunk->parsed = false;
    }
    lock.lock();
    it = kept_.find(key);  // still there: only take() and drop() remove entries, and both skip an empty one
    it->second.chunk = std::move(chunk);
    done_.notify_all();
  }
}

}  // namespace norced::connect
