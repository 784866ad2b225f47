// How the socket-thread fast path (server.hpp, FastHandler) can answer a request later without blocking a
// thread. A fast handler that must first wait for something cheap but not yet done (on a shared database: a
// read of the change log that started after the request arrived) calls defer(), keeps the continuation and
// returns. The transport then parks the request, reading nothing more from its connection, until the
// continuation is called, exactly once, from any thread:
//   Resume::fast — run the fast handler again with the same request, on its socket thread;
//   Resume::pool — send the request to the handler pool, as if the fast handler had declined it.
// A continuation destroyed without being called resumes to the pool, so a request is never lost.
// Why here and not in the pool: parking costs a few bytes per request, where a waiting pool thread would cost a
// thread; under load one wait (one database round trip) then serves every request parked behind it.
#pragma once

#include <functional>

namespace norced::http {

enum class Resume { fast, pool };

using Continuation = std::function<void(Resume)>;

class Deferral {
 public:
  virtual ~Deferral() = default;
  // Takes the request over: whatever the fast handler returns after this is ignored.
  virtual Continuation defer() = 0;
};

}  // namespace norced::http
