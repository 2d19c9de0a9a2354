#include "connection_pool.hpp"

namespace mcpgw::backends::http {

connection_pool::connection_pool(
    std::size_t max_idle_per_origin,
    std::chrono::milliseconds idle_timeout
)
    : max_idle_(max_idle_per_origin), idle_timeout_(idle_timeout) {}

void connection_pool::evict_expired() {
    const auto oldest_allowed = std::chrono::steady_clock::now() - idle_timeout_;
    for (auto it = idle_.begin(); it != idle_.end();) {
        auto& list = it->second;
        // Front = oldest (give_back pushes to the back).
        while (!list.empty() && list.front()->idle_since < oldest_allowed) {
            list.front()->close();
            list.pop_front();
        }
        it = list.empty() ? idle_.erase(it) : std::next(it);
    }
}

std::unique_ptr<connection> connection_pool::take(const origin& where) {
    evict_expired();
    const auto it = idle_.find(where.key());
    if (it == idle_.end()) {
        return nullptr;
    }
    auto& list = it->second;
    std::unique_ptr<connection> found;
    while (!list.empty() && !found) {
        auto candidate = std::move(list.back());
        list.pop_back();
        if (candidate->looks_alive()) {
            found = std::move(candidate);
        } else {
            candidate->close();
        }
    }
    if (list.empty()) {
        idle_.erase(it);
    }
    return found;
}

void connection_pool::give_back(const origin& where, std::unique_ptr<connection> conn) {
    if (max_idle_ == 0) {
        conn->close();
        return;
    }
    auto& list = idle_[where.key()];
    conn->idle_since = std::chrono::steady_clock::now();
    list.push_back(std::move(conn));
    while (list.size() > max_idle_) {
        list.front()->close();
        list.pop_front();
    }
}

std::size_t connection_pool::idle_count(const origin& where) const {
    const auto it = idle_.find(where.key());
    return it == idle_.end() ? 0 : it->second.size();
}

}  // namespace mcpgw::backends::http
