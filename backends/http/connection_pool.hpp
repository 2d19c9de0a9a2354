#pragma once
// Idle keep-alive connections per origin (scheme, host, port), bounded per origin and by age.
// Single-threaded: used only from the client's event-loop thread.

#include "connection.hpp"
#include "url.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <string>

namespace mcpgw::backends::http {

class connection_pool {
public:
    connection_pool(std::size_t max_idle_per_origin, std::chrono::milliseconds idle_timeout);

    /// The most recently used idle connection that still looks alive, or null.
    std::unique_ptr<connection> take(const origin& where);
    /// Keeps `conn` for reuse (dropped when the origin already holds max_idle_per_origin).
    void give_back(const origin& where, std::unique_ptr<connection> conn);
    std::size_t idle_count(const origin& where) const;
    /// Closes idle connections older than idle_timeout (every origin).
    void evict_expired();

private:
    std::size_t max_idle_;
    std::chrono::milliseconds idle_timeout_;
    std::map<std::string, std::deque<std::unique_ptr<connection>>> idle_;
};

}  // namespace mcpgw::backends::http
