#pragma once
// MCP sessions over HTTP, by id. The table's bookkeeping and its policy (bounds, eviction,
// expiry) are session_table's; this store owns the live objects of each session (its MCP
// state, its resumable SSE streams, bounded too: the oldest finished ones are dropped) and
// ends sessions: cancels their calls, finishes their streams, counts and logs why.

#include "event_stream.hpp"
#include "session_table.hpp"

#include <backends/core/metrics.hpp>
#include <server/mcp/mcp_session.hpp>

#include <array>
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
    int busy = 0;  // requests being handled or streams attached: see session_store::enter

    std::string new_stream_id() { return "s" + std::to_string(next_stream++); }
};

class session_store {
public:
    /// `metrics` may be null (tests): then nothing is counted.
    session_store(
        session_limits limits,
        std::size_t max_streams_per_session,
        backends::metrics_registry* metrics = nullptr
    );

    struct creation {
        std::shared_ptr<http_session> session;  // null when refused
        session_refusal refused = session_refusal::none;
    };
    /// A new session with a random id (128 bits, hex) for `principal_key` (the API key's
    /// name, or "anonymous@<client address>"); an idle session may be evicted to make room.
    creation create(const std::string& principal_key);
    /// The live session with this id, or nullptr. `use`: the client is using it (a request
    /// other than a lone notification, a stream): refreshes its idle clock.
    std::shared_ptr<http_session> find(const std::string& id, bool use = true);
    /// Ends a session: cancels its calls and finishes its streams.
    void erase(const std::string& id, session_end why = session_end::deleted);
    /// Ends sessions past their TTL that are not busy; returns how many.
    std::size_t sweep(std::chrono::steady_clock::time_point now);
    /// A request or stream of the session starts / ends. A busy session is never evicted or
    /// expired; its end counts as use.
    void enter(http_session& session);
    void leave(http_session& session);
    /// Registers a resumable stream, dropping the oldest finished streams over the bound.
    void keep_stream(http_session& session, std::shared_ptr<event_stream> stream);
    /// Ends every GET stream (start of a drain); calls and their streams go on.
    void finish_standalone_streams();
    /// Ends every session (shutdown).
    void clear();

    std::size_t size() const { return sessions_.size(); }
    std::size_t streams_open() const;
    const session_limits& limits() const { return table_.limits(); }
    /// Since start: sessions evicted to make room, and sessions refused, for /readyz.
    std::uint64_t evicted() const { return evicted_; }
    std::uint64_t refused() const { return refused_; }

private:
    void end(const std::string& id, session_end why);
    bool busy(const std::string& id) const;

    session_table table_;
    std::size_t max_streams_;
    std::unordered_map<std::string, std::shared_ptr<http_session>> sessions_;
    std::uint64_t evicted_ = 0;
    std::uint64_t refused_ = 0;
    // Indexed by session_end and session_refusal; null without a registry.
    std::array<backends::counter*, 6> ended_{};
    std::array<backends::counter*, 3> refusals_{};
};

/// 32 hex characters from the OS CSPRNG.
std::string random_session_id();

}  // namespace mcpgw::server
