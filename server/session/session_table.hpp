#pragma once
// The bookkeeping of the HTTP session table, sans-I/O (time is passed in): which sessions
// exist, whose they are, when they were last used, and whether they were used at all after
// initialize. It decides admissions (max_sessions, max_per_principal), which idle session
// makes room when a bound is reached, and which sessions have expired (idle_ttl,
// unused_ttl). It holds only what a shared store could hold; the live objects (streams,
// running calls) stay in session_store, which answers "is this session busy?" through a
// predicate.
//
// Why evict rather than refuse: a flood of initialize calls (cheap, and unauthenticated on
// loopback) used to fill the table and lock every new client out for idle_ttl. Now the least
// recently used idle session makes room, and its client gets 404 and starts a new session,
// as the specification tells it to. Sessions that were never used after initialize go first
// and expire after a short unused_ttl; a session with a stream open or a call in flight, or
// used within min_idle_before_evict, is never evicted.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mcpgw::server {

struct session_limits {
    std::size_t max_sessions = 1000;
    std::size_t max_per_principal = 100;  // per API key, or per client address without one
    std::chrono::milliseconds idle_ttl = std::chrono::minutes(30);
    std::chrono::milliseconds unused_ttl = std::chrono::seconds(60);
    std::chrono::milliseconds min_idle_before_evict = std::chrono::seconds(10);
};

/// Why a session ended or was refused (metric labels and log fields use these names).
enum class session_end { deleted, idle_ttl, unused_ttl, evicted, evicted_principal, shutdown };
std::string_view to_string(session_end e);

enum class session_refusal { none, max_sessions, max_per_principal };
std::string_view to_string(session_refusal r);

class session_table {
public:
    using clock = std::chrono::steady_clock;
    using time_point = clock::time_point;
    /// True when the session with this id is busy (a stream open, a request running).
    using busy_fn = std::function<bool(const std::string& id)>;

    explicit session_table(session_limits limits) : limits_(limits) {}

    struct admission {
        session_refusal refused = session_refusal::none;
        /// Sessions to end first (at most one), and why.
        std::optional<std::string> evict;
        session_end evict_reason = session_end::evicted;
    };
    /// Whether a new session of `principal_key` may open now, and which one must make room.
    /// Changes nothing: the caller ends the victim, then insert()s.
    admission admit(std::string_view principal_key, time_point now, const busy_fn& busy) const;

    void insert(const std::string& id, std::string principal_key, time_point now);
    /// The client used the session (a request other than initialize, or a stream).
    void touch(const std::string& id, time_point now);
    void erase(const std::string& id);

    /// Why session `id` is past its TTL at `now` (busy or not), or nothing.
    std::optional<session_end> expiry(const std::string& id, time_point now) const;

    /// Sessions past their TTL that are not busy, with the reason for each.
    std::vector<std::pair<std::string, session_end>> expired(time_point now, const busy_fn& busy)
        const;

    bool contains(const std::string& id) const { return entries_.contains(id); }
    std::size_t size() const { return entries_.size(); }
    std::size_t count_for(std::string_view principal_key) const;
    const session_limits& limits() const { return limits_; }

private:
    struct entry {
        std::string principal_key;
        time_point created;
        time_point last_used;  // == created until the first use
        bool used = false;
    };
    std::optional<session_end> expiry_of(const entry& e, time_point now) const;
    /// The session to evict among those `eligible` selects: never-used ones first (oldest
    /// first), then the least recently used; never a busy one or one used too recently.
    std::optional<std::string> victim(
        time_point now,
        const busy_fn& busy,
        const std::function<bool(const entry&)>& eligible
    ) const;

    session_limits limits_;
    std::unordered_map<std::string, entry> entries_;
    std::unordered_map<std::string, std::size_t> per_principal_;
};

}  // namespace mcpgw::server
