#include "session_store.hpp"

#include <server/mcp/service.hpp>

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace mcpgw::server {

std::string random_session_id() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string id;
    id.reserve(32);
    for (unsigned char b : bytes) {
        id.push_back(hex[b >> 4]);
        id.push_back(hex[b & 0xF]);
    }
    return id;
}

session_store::session_store(
    std::size_t max_sessions,
    std::chrono::milliseconds idle_ttl,
    std::size_t max_streams
)
    : max_sessions_(max_sessions),
      idle_ttl_(idle_ttl),
      max_streams_(max_streams == 0 ? 1 : max_streams) {}

std::shared_ptr<http_session> session_store::create() {
    if (sessions_.size() >= max_sessions_) {
        sweep(std::chrono::steady_clock::now());
        if (sessions_.size() >= max_sessions_) {
            return nullptr;
        }
    }
    auto s = std::make_shared<http_session>();
    s->mcp->id = random_session_id();
    sessions_.emplace(s->mcp->id, s);
    return s;
}

std::shared_ptr<http_session> session_store::find(const std::string& id) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
        return nullptr;
    }
    auto now = std::chrono::steady_clock::now();
    auto& s = it->second;
    if (s->busy == 0 && now - s->mcp->last_seen > idle_ttl_) {
        end(*s);
        sessions_.erase(it);
        return nullptr;
    }
    s->mcp->last_seen = now;
    return s;
}

void session_store::erase(const std::string& id) {
    auto it = sessions_.find(id);
    if (it != sessions_.end()) {
        end(*it->second);
        sessions_.erase(it);
    }
}

std::size_t session_store::sweep(std::chrono::steady_clock::time_point now) {
    std::size_t n = 0;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        auto& s = *it->second;
        if (s.busy == 0 && s.mcp->running.empty() && now - s.mcp->last_seen > idle_ttl_) {
            end(s);
            it = sessions_.erase(it);
            ++n;
        } else {
            ++it;
        }
    }
    return n;
}

void session_store::keep_stream(http_session& session, std::shared_ptr<event_stream> stream) {
    session.streams[stream->id()] = std::move(stream);
    // Drop the oldest finished, unattached streams once over the bound.
    for (auto it = session.streams.begin();
         session.streams.size() > max_streams_ && it != session.streams.end();) {
        if (it->second->finished() && !it->second->attached()) {
            it = session.streams.erase(it);
        } else {
            ++it;
        }
    }
}

void session_store::finish_standalone_streams() {
    for (auto& [id, s] : sessions_) {
        if (s->standalone && !s->legacy) {  // a legacy stream also carries results
            s->standalone->finish();
        }
    }
}

void session_store::clear() {
    for (auto& [id, s] : sessions_) {
        end(*s);
    }
    sessions_.clear();
}

std::size_t session_store::streams_open() const {
    std::size_t n = 0;
    for (const auto& [id, s] : sessions_) {
        for (const auto& [sid, stream] : s->streams) {
            n += stream->attached() ? 1 : 0;
        }
        if (s->standalone && s->standalone->attached()) {
            ++n;
        }
    }
    return n;
}

void session_store::end(http_session& session) {
    service::cancel_all(*session.mcp);
    for (auto& [id, stream] : session.streams) {
        stream->finish();
    }
    if (session.standalone) {
        session.standalone->finish();
    }
}

}  // namespace mcpgw::server
