#include "core/thread_priority.hpp"

#include <gtest/gtest.h>

#include <linux/capability.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>

namespace norced {
namespace {

int nice_of_this_thread() { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())); }

TEST(ThreadPriority, LowersTheCallingThreadOnly) {
  const int before = nice_of_this_thread();
  int inside = 0;
  std::string error = "not run";
  std::thread t([&] {
    error = lower_this_thread_priority(3);
    inside = nice_of_this_thread();
  });
  t.join();
  EXPECT_EQ(error, "");
  EXPECT_EQ(inside, std::min(before + 3, 19));
  EXPECT_EQ(nice_of_this_thread(), before);  // the caller's thread kept its priority
}

TEST(ThreadPriority, ZeroStepsChangeNothing) {
  const int before = nice_of_this_thread();
  int inside = -100;
  std::thread t([&] {
    EXPECT_EQ(lower_this_thread_priority(0), "");
    inside = nice_of_this_thread();
  });
  t.join();
  EXPECT_EQ(inside, before);
}

// The scheduling class of the calling thread, without the reset-on-fork flag.
int policy_of_this_thread() { return ::sched_getscheduler(0) & ~SCHED_RESET_ON_FORK; }

TEST(ThreadPriority, RaisesTheCallingThreadOnlyToTheRealTimeClassOrSaysWhy) {
  const int before = policy_of_this_thread();
  std::string error = "not run";
  int inside = -1;
  bool resets_on_fork = false;
  std::thread t([&] {
    error = raise_this_thread_to_realtime(1);
    inside = policy_of_this_thread();
    resets_on_fork = (::sched_getscheduler(0) & SCHED_RESET_ON_FORK) != 0;
  });
  t.join();
  if (error.empty()) {
    EXPECT_EQ(inside, SCHED_FIFO);
    EXPECT_TRUE(resets_on_fork);  // what it starts goes back to the normal class
  } else {
    EXPECT_EQ(inside, before) << "refused (" << error << ") yet changed";
  }
  EXPECT_EQ(policy_of_this_thread(), before);  // the caller's thread kept its class
}

// Takes CAP_SYS_NICE out of the calling thread's effective capabilities (Linux keeps them per thread).
void drop_sys_nice_on_this_thread() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return;
  data[CAP_SYS_NICE / 32].effective &= ~(1u << (CAP_SYS_NICE % 32));
  ::syscall(SYS_capset, &header, data);
}

TEST(ThreadPriority, ARefusedRaiseLeavesTheThreadAsItWasAndSaysWhy) {
  // Without CAP_SYS_NICE (dropped on the test's thread only), an RLIMIT_RTPRIO of 0 refuses the real-time class.
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_RTPRIO, &old), 0);
  std::string error = "not run";
  int inside = -1;
  std::thread t([&] {
    drop_sys_nice_on_this_thread();
    rlimit none{0, old.rlim_max};
    ::setrlimit(RLIMIT_RTPRIO, &none);
    error = raise_this_thread_to_realtime(1);
    inside = policy_of_this_thread();
  });
  t.join();
  ::setrlimit(RLIMIT_RTPRIO, &old);
  if (error.empty()) GTEST_SKIP() << "this process may use the real-time class whatever its RLIMIT_RTPRIO";
  EXPECT_EQ(inside, SCHED_OTHER);
  EXPECT_NE(error.find("ermi"), std::string::npos) << error;  // "Operation not permitted"
}

}  // namespace
}  // namespace norced
