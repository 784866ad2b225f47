// The bounded pool that runs request handlers off the socket threads. Two lanes, each with its own threads and
// its own bounded queue: the read lane (GET, HEAD, OPTIONS) and the write lane (every other method). Writes
// wait for the single SQLite writer, so with one shared pool a burst of writes would occupy every thread and
// starve reads; with two lanes a saturated write lane costs reads nothing but CPU. A full lane refuses new
// work at once (try_submit returns false) so the transport can answer 503 instead of queueing without bound.
// No Beast and no sockets here: the transport hands in plain jobs.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace norced::http {

enum class Lane { read, write };

// GET, HEAD and OPTIONS (exact, upper case as received) go to the read lane; everything else writes.
Lane lane_for(std::string_view method);
const char* lane_name(Lane lane);

// Puts the calling thread in the real-time class (core/thread_priority.hpp); where the system refuses, the
// thread stays as it is and the first refusal is logged as a warning (the threads all ask alike).
void run_this_thread_realtime();

// One lane: `threads` threads taking jobs from a FIFO queue of at most `queue_depth` waiting jobs (jobs
// already running do not count).
// Threading: try_submit() and queued() may be called from any thread; start() and stop() from one owner.
class WorkLane {
 public:
  using Job = std::function<void()>;

  // nice: the lane threads' CPU priority relative to the process (Linux per-thread nice; 0 = unchanged,
  // higher = yields the CPU to the other threads when cores are short). realtime: the threads run in the
  // real-time class instead (core/thread_priority.hpp), or at the normal priority, with a warning, where the
  // system refuses.
  WorkLane(std::string name, unsigned threads, size_t queue_depth, int nice = 0, bool realtime = false);
  ~WorkLane();  // stop()
  WorkLane(const WorkLane&) = delete;
  WorkLane& operator=(const WorkLane&) = delete;

  void start();
  // Queues the job and returns true, or returns false (leaving `job` untouched) when the queue is full or the
  // lane is stopped. A job must not throw; if one does, the exception is logged and the thread carries on.
  bool try_submit(Job&& job);
  // Lets the jobs that are running finish, destroys the queued ones without running them, joins the threads.
  // Idempotent.
  void stop();

  size_t queued() const;
  unsigned threads() const { return thread_count_; }
  size_t queue_depth() const { return depth_; }
  const std::string& name() const { return name_; }

 private:
  void loop();

  const std::string name_;
  const unsigned thread_count_;
  const size_t depth_;
  const int nice_;
  const bool realtime_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Job> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

// Both lanes. Thread counts must be at least 1 (the transport resolves "0 = one per core" before).
class HandlerPool {
 public:
  HandlerPool(unsigned read_threads, unsigned write_threads, size_t queue_depth, int write_nice = 0,
              bool realtime_reads = false)
      : read_("read", read_threads, queue_depth, 0, realtime_reads),
        write_("write", write_threads, queue_depth, write_nice) {}

  void start() {
    read_.start();
    write_.start();
  }
  void stop() {
    read_.stop();
    write_.stop();
  }
  WorkLane& lane(Lane l) { return l == Lane::read ? read_ : write_; }
  const WorkLane& lane(Lane l) const { return l == Lane::read ? read_ : write_; }

 private:
  WorkLane read_;
  WorkLane write_;
};

}  // namespace norced::http
