// An spdlog sink that keeps each formatted line, for tests that assert what was logged.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

namespace norced::testing {

class LineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  // The lines so far, without their newline; safe while other threads log.
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t out;
    formatter_->format(msg, out);
    std::string line(out.data(), out.size());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    lines_.push_back(std::move(line));
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;
};

// A logger writing to a new LineSink, at info.
inline std::pair<std::shared_ptr<spdlog::logger>, std::shared_ptr<LineSink>> capture_logger() {
  auto sink = std::make_shared<LineSink>();
  auto logger = std::make_shared<spdlog::logger>("test", sink);
  logger->set_level(spdlog::level::info);
  return {logger, sink};
}

}  // namespace norced::testing
