#pragma once
// One SSE stream of a session: the reply stream of a POST, the standalone GET stream, or a
// legacy /sse stream. Events get ids "<stream>_<seq>" and stay in a bounded replay buffer so
// a client that reconnects with Last-Event-ID gets what it missed. At most one writer (an
// HTTP connection) is attached at a time; it sleeps on `wake_` until events arrive.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace mcpgw::server {

class event_stream {
public:
    event_stream(boost::asio::any_io_executor ex, std::string id, std::size_t replay_limit);

    const std::string& id() const { return id_; }

    /// Appends a message (already encoded JSON) as an event and wakes the writer.
    /// `event_name` is empty for Streamable HTTP, "message"/"endpoint" for legacy SSE.
    void push(std::string data, std::string event_name = {});

    /// No more events will come (the call's result was pushed, or the session ended).
    void finish();
    bool finished() const { return finished_; }

    /// Asks the attached writer to end its response now; the stream itself goes on and
    /// buffers events for a resuming GET (SEP-1699 polling).
    void detach_writer();

    // --- writer side ---
    /// Attaches a writer that has seen events up to `after_seq` (0 = none). Returns false
    /// when those events are no longer buffered or another writer is attached.
    bool attach(std::uint64_t after_seq);
    void release();
    bool attached() const { return attached_; }
    bool detach_requested() const { return detach_requested_ || overflowed_; }
    /// Undelivered events were dropped while a writer was attached: it must end.
    bool overflowed() const { return overflowed_; }

    /// Formatted SSE text of events after the writer's position; advances the position.
    std::string take_pending();
    bool has_pending() const { return delivered_ < next_seq_ - 1; }

    /// Counts every change a waiter may care about (push, finish, detach request). A waiter
    /// that does not consume events (a POST deciding between JSON and SSE) waits for this to
    /// move rather than for has_pending(), which stays true until a writer takes the events.
    std::uint64_t changes() const { return changes_; }

    /// Number of events pushed so far (the priming event is not counted).
    std::uint64_t event_count() const { return next_seq_ - 1; }
    /// The id of the next event; used for the priming event.
    std::string priming_id() const { return id_ + "_0"; }

    /// Waits until an event arrives, the stream finishes, a detach is requested, or the
    /// timeout passes. Never throws; returns false when woken by the timeout.
    boost::asio::steady_timer& wake_timer() { return wake_; }

    /// Parses "<stream>_<seq>"; nullopt when malformed.
    static std::optional<std::pair<std::string, std::uint64_t>> parse_event_id(const std::string& id
    );

private:
    void wake();
    std::size_t delivered_in_buffer() const;
    void trim_delivered();

    struct event {
        std::uint64_t seq;
        std::string name;
        std::string data;  // formatted only when a writer takes it: most replies go out as JSON
    };
    std::string id_;
    std::size_t replay_limit_;   // delivered events kept for Last-Event-ID resumption
    std::size_t pending_limit_;  // undelivered events kept before the oldest are dropped
    std::deque<event> buffer_;
    std::uint64_t next_seq_ = 1;
    std::uint64_t delivered_ = 0;  // last seq handed to the attached writer
    std::uint64_t changes_ = 0;
    bool attached_ = false;
    bool finished_ = false;
    bool detach_requested_ = false;
    bool overflowed_ = false;
    boost::asio::steady_timer wake_;
};

}  // namespace mcpgw::server
