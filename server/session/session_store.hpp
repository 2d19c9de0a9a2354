#pragma once
// MCP sessions over HTTP, by id: bounded in number, expired after an idle TTL. A session
// owns its resumable SSE streams (bounded too: the oldest finished ones are dropped).

#include "event_stream.hpp"

#include <server/mcp/mcp_session.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace mcpgw::server {

struct http_session {
    std::shared_ptr<mcp_session> mcp = std::make_shared<mcp_session>();
    bool legacy = false;  // 2024-11-05 HTTP+SSE session (lives as long as its /sse stream)
    std::shared_ptr<event_stream> standalone;  // GET stream (legacy: the /sse stream)
    std::map<std::string, std::shared_ptr<event_stream>> streams;  // resumable, by stream id
    std::uint64_t next_stream = 1;
    int busy = 0;  // requests being handled or streams attached; a busy session never expires

    std::string new_stream_id() { return "s" + std::to_string(next_stream++); }
};

class session_store {
public:
    session_store(
        std::size_t max_sessions,
        std::chrono::milliseconds idle_ttl,
        std::size_t max_streams_per_session
    );

    /// A new session with a random id (128 bits, hex); nullptr when the store is full.
    std::shared_ptr<http_session> create();
    /// The live session with this id (refreshing its idle clock), or nullptr.
    std::shared_ptr<http_session> find(const std::string& id);
    /// Ends a session: cancels its calls and finishes its streams.
    void erase(const std::string& id);
    /// Ends sessions idle for longer than the TTL; returns how many.
    std::size_t sweep(std::chrono::steady_clock::time_point now);
    /// Registers a resumable stream, dropping the oldest finished streams over the bound.
    void keep_stream(http_session& session, std::shared_ptr<event_stream> stream);
    /// Ends every GET stream (start of a drain); calls and their streams go on.
    void finish_standalone_streams();
    /// Ends every session (shutdown).
    void clear();

    std::size_t size() const { return sessions_.size(); }
    std::size_t streams_open() const;

private:
    static void end(http_session& session);

    std::size_t max_sessions_;
    std::chrono::milliseconds idle_ttl_;
    std::size_t max_streams_;
    std::unordered_map<std::string, std::shared_ptr<http_session>> sessions_;
};

/// 32 hex characters from the OS CSPRNG.
std::string random_session_id();

}  // namespace mcpgw::server
