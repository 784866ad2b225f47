#include "core/thread_priority.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
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

}  // namespace
}  // namespace norced
