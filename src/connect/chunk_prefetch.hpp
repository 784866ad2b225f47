// Chunks of accepted jobs kept in memory and parsed ahead of the worker that will apply them.
//
// Why: a job worker applies a client's chunks one after another, and reading a chunk back from the store and
// parsing it took about a sixth of each chunk's time on the worker (bench/results/connect-scale.txt), while
// the other core waited for the next POST. The accept path hands each stored job's chunks here; while the
// worker applies chunk n, a thread of this class parses the one the worker applies next, so the worker finds
// it ready. It also frees the parse trees the worker is done with.
//
// Only an optimisation, never the truth: the store holds every payload before the job id is answered, and a
// chunk not found here (a restart, a job accepted by another instance, a restarted job, more than max_bytes
// queued) is read from the store as before. A payload never changes once stored, so a kept copy is always the
// stored one. Entries of a client older than the job its worker takes are finished (a client's jobs run in
// order) and are dropped then; new chunks are not kept while max_bytes are held.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "connect/import.hpp"

namespace norced::connect {

// A chunk's text and, once parsed, its items (views into `text`, which therefore never moves: the chunk is
// handed around by pointer).
struct PreparedChunk {
  std::string text;
  std::vector<ImportItem> items;
  bool parsed = false;
};

// Parses a chunk's text into its items; throws std::runtime_error when it no longer reads (it was checked when
// the job was accepted).
void parse_chunk(PreparedChunk& chunk);

class ChunkPrefetch {
 public:
  struct Options {
    size_t max_bytes = 64u << 20;  // chunk text kept at most (a parse tree is a few times its text)
    int nice = 0;                  // the thread's priority below the process, as the workers'
  };
  explicit ChunkPrefetch(Options options);
  ~ChunkPrefetch();
  ChunkPrefetch(const ChunkPrefetch&) = delete;
  ChunkPrefetch& operator=(const ChunkPrefetch&) = delete;

  // A job was stored with these chunks; `created` is its JobRow::created. Thread-safe, as is every method.
  void offer(int64_t client_id, int64_t job_id, int64_t created, const std::vector<std::string>& chunks);
  // Chunk n of the job, parsed if the thread got to it (waiting while it parses it now); nullptr when it is not
  // kept, or kept for another job of the same id and client (one that was accepted at another time: a
  // database replaced under a running server). Drops the client's entries before it.
  std::unique_ptr<PreparedChunk> take(int64_t client_id, int64_t job_id, int64_t created, int64_t n);
  // Parses, in the background, the client's kept chunk that follows chunk n of the job.
  void prepare_next(int64_t client_id, int64_t job_id, int64_t n);
  // Frees a chunk on the background thread.
  void dispose(std::unique_ptr<PreparedChunk> chunk);

  size_t kept_bytes();                        // for tests
  bool parsed(int64_t job_id, int64_t n);     // for tests: kept and parsed

 private:
  using Key = std::pair<int64_t, int64_t>;  // job id, chunk: the order jobs were accepted in
  struct Entry {
    int64_t client_id;
    int64_t created;
    std::unique_ptr<PreparedChunk> chunk;  // null while the thread parses it
  };
  void loop();
  void drop(std::map<Key, Entry>::iterator it);  // REQUIRES: mu_ held

  const Options options_;
  std::mutex mu_;
  std::condition_variable work_;  // the thread: a chunk to parse or to free, or stop
  std::condition_variable done_;  // take(): a parse ended
  std::map<Key, Entry> kept_;
  size_t bytes_ = 0;
  std::deque<Key> to_parse_;
  std::vector<std::unique_ptr<PreparedChunk>> to_free_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace norced::connect
