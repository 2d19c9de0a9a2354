#include "session_store.hpp"

#include <backends/core/log.hpp>
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
    session_limits limits,
    std::size_t max_streams,
    backends::metrics_registry* metrics
)
    : table_(limits), max_streams_(max_streams == 0 ? 1 : max_streams) {
    if (metrics == nullptr) {
        return;
    }
    for (auto why :
         {session_end::deleted,
          session_end::idle_ttl,
          session_end::unused_ttl,
          session_end::evicted,
          session_end::evicted_principal,
          session_end::shutdown}) {
        ended_[static_cast<std::size_t>(why)] = &metrics->get_counter(
            "mcpgw_sessions_ended_total",
            "MCP sessions ended, by reason (deleted by the client, idle_ttl, unused_ttl, "
            "evicted to make room, evicted_principal at max_per_principal, shutdown).",
            {{"reason", std::string(to_string(why))}}
        );
    }
    for (auto why : {session_refusal::max_sessions, session_refusal::max_per_principal}) {
        refusals_[static_cast<std::size_t>(why)] = &metrics->get_counter(
            "mcpgw_sessions_refused_total",
            "New MCP sessions refused because every session in the way was busy, by bound.",
            {{"limit", std::string(to_string(why))}}
        );
    }
    metrics->get_gauge("mcpgw_sessions_max", "The session table's bound (sessions.max_sessions).")
        .set(static_cast<std::int64_t>(limits.max_sessions));
}

bool session_store::busy(const std::string& id) const {
    auto it = sessions_.find(id);
    return it != sessions_.end() && (it->second->busy > 0 || !it->second->mcp->running.empty());
}

session_store::creation session_store::create(const std::string& principal_key) {
    auto now = std::chrono::steady_clock::now();
    auto is_busy = [this](const std::string& id) {
        return busy(id);
    };
    auto admission = table_.admit(principal_key, now, is_busy);
    if (admission.refused != session_refusal::none) {
        ++refused_;
        if (auto* c = refusals_[static_cast<std::size_t>(admission.refused)]) {
            c->inc();
        }
        log::info(
            "session refused",
            {{"limit", to_string(admission.refused)},
             {"principal", principal_key},
             {"sessions", sessions_.size()}}
        );
        return {nullptr, admission.refused};
    }
    if (admission.evict) {
        ++evicted_;
        end(*admission.evict, admission.evict_reason);
    }
    auto s = std::make_shared<http_session>();
    s->mcp->id = random_session_id();
    table_.insert(s->mcp->id, principal_key, now);
    sessions_.emplace(s->mcp->id, s);
    return {s, session_refusal::none};
}

std::shared_ptr<http_session> session_store::find(const std::string& id, bool use) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
        return nullptr;
    }
    auto now = std::chrono::steady_clock::now();
    // Past its TTL but not swept yet (the sweep runs once a second): gone all the same.
    if (auto why = table_.expiry(id, now); why && !busy(id)) {
        end(id, *why);
        return nullptr;
    }
    if (use) {
        table_.touch(id, now);
    }
    return it->second;
}

void session_store::enter(http_session& session) {
    ++session.busy;
}

void session_store::leave(http_session& session) {
    --session.busy;
    if (session.busy == 0) {
        table_.touch(session.mcp->id, std::chrono::steady_clock::now());
    }
}

void session_store::erase(const std::string& id, session_end why) {
    end(id, why);
}

void session_store::end(const std::string& id, session_end why) {
    auto it = sessions_.find(id);
    if (it == sessions_.end()) {
        return;
    }
    auto session = it->second;  // keep it alive while its streams and calls are ended
    sessions_.erase(it);
    table_.erase(id);
    if (auto* c = ended_[static_cast<std::size_t>(why)]) {
        c->inc();
    }
    if (why != session_end::deleted && why != session_end::shutdown) {
        log::info(
            "session ended",
            {{"session", id}, {"reason", to_string(why)}, {"principal", session->mcp->principal}}
        );
    }
    service::cancel_all(*session->mcp);
    for (auto& [sid, stream] : session->streams) {
        stream->finish();
    }
    if (session->standalone) {
        session->standalone->finish();
    }
}

std::size_t session_store::sweep(std::chrono::steady_clock::time_point now) {
    auto is_busy = [this](const std::string& id) {
        return busy(id);
    };
    auto expired = table_.expired(now, is_busy);
    for (const auto& [id, why] : expired) {
        end(id, why);
    }
    return expired.size();
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
    std::vector<std::string> ids;
    ids.reserve(sessions_.size());
    for (const auto& [id, s] : sessions_) {
        ids.push_back(id);
    }
    for (const auto& id : ids) {
        end(id, session_end::shutdown);
    }
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

}  // namespace mcpgw::server
