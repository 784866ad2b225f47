// Names the calling thread ("norced-write-1"), so that top -H, perf and gdb show which part of norced uses
// the CPU. Linux keeps at most 15 characters; longer names are cut, never refused.
#pragma once

#include <pthread.h>

#include <string>

namespace norced {

inline void name_this_thread(const std::string& name) {
  ::pthread_setname_np(::pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace norced
