// Lowers the calling thread's CPU priority (nice) by `by` steps, so that on a machine short of cores the
// threads left at the normal priority (the sockets' and the readers') run first. On Linux nice applies to the
// one thread whose id is given. Returns the error text when the system refuses, empty when it worked.
#pragma once

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace norced {

inline std::string lower_this_thread_priority(int by) {
  if (by <= 0) return {};
  const auto tid = static_cast<id_t>(::gettid());
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, tid);
  if (current == -1 && errno != 0) return std::strerror(errno);
  if (::setpriority(PRIO_PROCESS, tid, current + by) != 0) return std::strerror(errno);
  return {};
}

// Puts the calling thread in the real-time class (SCHED_FIFO at `priority`, 1 = the lowest), above every
// thread of the normal class whatever its nice: a thread that only waits for I/O and answers at once (a socket
// thread) then runs the moment it wakes, where Linux's fair scheduler lets it wait for the running thread's
// slice, a few milliseconds on a machine whose cores an import keeps busy. Such a thread must never spin: the
// kernel's real-time throttling (sched_rt_runtime_us, 95 % of each second by default) is the only brake.
// Threads it starts and processes it forks go back to the normal class (SCHED_RESET_ON_FORK).
// Needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least `priority`. Returns the error text when the system
// refuses, empty when it worked.
inline std::string raise_this_thread_to_realtime(int priority) {
  sched_param param{};
  param.sched_priority = priority;
  const int error = ::pthread_setschedparam(::pthread_self(), SCHED_FIFO | SCHED_RESET_ON_FORK, &param);
  return error == 0 ? std::string() : std::strerror(error);
}

}  // namespace norced
