// Lowers the calling thread's CPU priority (nice) by `by` steps, so that on a machine short of cores the
// threads left at the normal priority (the sockets' and the readers') run first. On Linux nice applies to the
// one thread whose id is given. Returns the error text when the system refuses, empty when it worked.
#pragma once

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

}  // namespace norced
