// Tests for the handler pool on its own: lane choice, the bounded queue, FIFO order and stop().

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/thread_priority.hpp"
#include "http/handler_pool.hpp"

namespace norced::http {
namespace {

using namespace std::chrono_literals;

TEST(HandlerPool, LaneForMethod) {
  EXPECT_EQ(lane_for("GET"), Lane::read);
  EXPECT_EQ(lane_for("HEAD"), Lane::read);
  EXPECT_EQ(lane_for("OPTIONS"), Lane::read);
  EXPECT_EQ(lane_for("POST"), Lane::write);
  EXPECT_EQ(lane_for("PUT"), Lane::write);
  EXPECT_EQ(lane_for("DELETE"), Lane::write);
  EXPECT_EQ(lane_for("PATCH"), Lane::write);
  EXPECT_EQ(lane_for("get"), Lane::write);  // methods are case-sensitive (RFC 9110 9.1)
  EXPECT_STREQ(lane_name(Lane::read), "read");
  EXPECT_STREQ(lane_name(Lane::write), "write");
}

// One thread held by a blocking job; the queue then takes exactly queue_depth more, in FIFO order.
TEST(HandlerPool, QueueIsBoundedAndFifo) {
  WorkLane lane("test", 1, 2);
  lane.start();
  std::mutex mu;
  std::condition_variable cv;
  bool running = false;
  bool open = false;
  std::vector<int> order;

  ASSERT_TRUE(lane.try_submit([&] {
    std::unique_lock lock(mu);
    running = true;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    order.push_back(0);
  }));
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 2s, [&] { return running; }));
  }
  for (int i = 1; i <= 2; ++i) {
    ASSERT_TRUE(lane.try_submit([&, i] {
      std::lock_guard lock(mu);
      order.push_back(i);
      cv.notify_all();
    }));
  }
  EXPECT_EQ(lane.queued(), 2u);
  bool ran_refused = false;
  WorkLane::Job refused = [&] { ran_refused = true; };
  EXPECT_FALSE(lane.try_submit(std::move(refused)));
  EXPECT_TRUE(static_cast<bool>(refused));  // a refused job is left with the caller
  {
    std::unique_lock lock(mu);
    open = true;
    cv.notify_all();
    ASSERT_TRUE(cv.wait_for(lock, 2s, [&] { return order.size() == 3; }));
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(lane.queued(), 0u);
  EXPECT_TRUE(lane.try_submit([] {}));  // room again
  lane.stop();
  EXPECT_FALSE(ran_refused);
}

TEST(HandlerPool, StopDropsQueuedJobsAndRefusesNewOnes) {
  WorkLane lane("test", 1, 10);
  lane.start();
  std::mutex mu;
  std::condition_variable cv;
  bool running = false;
  std::atomic<bool> open{false};
  std::atomic<int> ran{0};
  ASSERT_TRUE(lane.try_submit([&] {
    {
      std::lock_guard lock(mu);
      running = true;
    }
    cv.notify_all();
    while (!open) std::this_thread::yield();
    ++ran;
  }));
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 2s, [&] { return running; }));
  }
  auto counted = std::make_shared<int>(0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(lane.try_submit([&, counted] { ++ran; }));
  EXPECT_EQ(counted.use_count(), 4);
  std::thread stopper([&] { lane.stop(); });
  // The only thread is held by the first job, so the queue can only empty through stop(): once it is empty,
  // stop() has taken the queued jobs, and letting the first job finish cannot run them.
  while (lane.queued() != 0) std::this_thread::yield();
  open = true;
  stopper.join();
  EXPECT_EQ(ran.load(), 1);              // the running job finished; the queued ones never ran
  EXPECT_EQ(counted.use_count(), 1);     // and were destroyed
  EXPECT_FALSE(lane.try_submit([] {}));  // stopped
  lane.stop();                           // idempotent
}

TEST(HandlerPool, NiceLowersOnlyTheLaneThreadsPriority) {
  const int base = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  if (base + 3 > 19) GTEST_SKIP() << "already at the lowest priority";
  WorkLane lane("test", 1, 4, 3);
  lane.start();
  std::mutex mu;
  std::condition_variable cv;
  int seen = -100;
  ASSERT_TRUE(lane.try_submit([&] {
    std::lock_guard lock(mu);
    seen = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
    cv.notify_all();
  }));
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 2s, [&] { return seen != -100; }));
  }
  EXPECT_EQ(seen, base + 3);
  EXPECT_EQ(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())), base);  // the caller is untouched
  lane.stop();
}

// Whether this process may put a thread in the real-time class (asked on a thread of its own).
bool realtime_allowed() {
  std::string error;
  std::thread([&] { error = raise_this_thread_to_realtime(1); }).join();
  return error.empty();
}

TEST(HandlerPool, RealtimeReadsRunTheReadLaneOnlyInTheRealTimeClass) {
  if (!realtime_allowed()) GTEST_SKIP() << "this process may not use the real-time class";
  HandlerPool pool(1, 1, 4, 3, /*realtime_reads=*/true);
  pool.start();
  std::mutex mu;
  std::condition_variable cv;
  int read_policy = -1, write_policy = -1;
  auto policy_into = [&](int& out) {
    return [&] {
      std::lock_guard lock(mu);
      out = ::sched_getscheduler(0) & ~SCHED_RESET_ON_FORK;
      cv.notify_all();
    };
  };
  ASSERT_TRUE(pool.lane(Lane::read).try_submit(policy_into(read_policy)));
  ASSERT_TRUE(pool.lane(Lane::write).try_submit(policy_into(write_policy)));
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 2s, [&] { return read_policy != -1 && write_policy != -1; }));
  }
  EXPECT_EQ(read_policy, SCHED_FIFO);
  EXPECT_EQ(write_policy, SCHED_OTHER);  // writes keep the fair class, at their nice
  pool.stop();
}

TEST(HandlerPool, BothLanesRunJobs) {
  HandlerPool pool(2, 1, 8);
  pool.start();
  std::atomic<int> done{0};
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(pool.lane(i % 2 ? Lane::read : Lane::write).try_submit([&] { ++done; }));
  }
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (done < 8 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  EXPECT_EQ(done.load(), 8);
  EXPECT_EQ(pool.lane(Lane::read).threads(), 2u);
  EXPECT_EQ(pool.lane(Lane::write).threads(), 1u);
  pool.stop();
}

}  // namespace
}  // namespace norced::http
