#pragma once
// A message_sink that appends to an event_stream (the POST's stream or a legacy /sse stream).

#include <server/mcp/message_sink.hpp>
#include <server/session/event_stream.hpp>

#include <memory>

namespace mcpgw::server {

class stream_sink final : public message_sink {
public:
    stream_sink(std::shared_ptr<event_stream> stream, std::string event_name, bool carries_requests)
        : stream_(std::move(stream)),
          event_name_(std::move(event_name)),
          carries_requests_(carries_requests) {}

    void send(std::string message) override { stream_->push(std::move(message), event_name_); }
    bool carries_requests() const override { return carries_requests_; }
    void close_stream() override { stream_->detach_writer(); }

private:
    std::shared_ptr<event_stream> stream_;
    std::string event_name_;
    bool carries_requests_;
};

}  // namespace mcpgw::server
