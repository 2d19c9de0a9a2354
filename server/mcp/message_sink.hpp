#pragma once
// Where the messages a call produces before its result go (progress, log messages,
// server-to-client requests): a POST's SSE stream, a legacy /sse stream, stdout, or nowhere.

#include <string>

namespace mcpgw::server {

class message_sink {
public:
    virtual ~message_sink() = default;
    message_sink() = default;
    message_sink(const message_sink&) = delete;
    message_sink& operator=(const message_sink&) = delete;
    message_sink(message_sink&&) = delete;
    message_sink& operator=(message_sink&&) = delete;

    /// Sends one encoded JSON-RPC message (notification or request).
    virtual void send(std::string message) = 0;
    /// False when the transport cannot carry server-to-client requests (REST shim).
    virtual bool carries_requests() const { return true; }
    /// Ends the HTTP response carrying the stream while the call continues (SEP-1699).
    virtual void close_stream() {}
};

/// The sink of callers that cannot receive anything but the result (REST shim).
class null_sink final : public message_sink {
public:
    void send(std::string /*message*/) override {}
    bool carries_requests() const override { return false; }
};

}  // namespace mcpgw::server
