#include "session_table.hpp"

namespace mcpgw::server {

std::string_view to_string(session_end e) {
    switch (e) {
        case session_end::deleted:
            return "deleted";
        case session_end::idle_ttl:
            return "idle_ttl";
        case session_end::unused_ttl:
            return "unused_ttl";
        case session_end::evicted:
            return "evicted";
        case session_end::evicted_principal:
            return "evicted_principal";
        case session_end::shutdown:
            return "shutdown";
    }
    return "unknown";
}

std::string_view to_string(session_refusal r) {
    switch (r) {
        case session_refusal::none:
            return "none";
        case session_refusal::max_sessions:
            return "max_sessions";
        case session_refusal::max_per_principal:
            return "max_per_principal";
    }
    return "unknown";
}

std::optional<std::string> session_table::victim(
    time_point now,
    const busy_fn& busy,
    const std::function<bool(const entry&)>& eligible
) const {
    // A linear scan: it runs only when a bound is reached, over at most max_sessions entries
    // (1,000 by default, ~10 us), which is cheaper than keeping an LRU index on every request.
    const std::string* best = nullptr;
    const entry* best_entry = nullptr;
    for (const auto& [id, e] : entries_) {
        if (!eligible(e)) {
            continue;
        }
        if (e.used && now - e.last_used < limits_.min_idle_before_evict) {
            continue;  // in use by a live client a moment ago
        }
        if (busy(id)) {
            continue;
        }
        bool better = false;
        if (best_entry == nullptr) {
            better = true;
        } else if (e.used != best_entry->used) {
            better = !e.used;  // never used after initialize: first to go
        } else {
            better = e.last_used < best_entry->last_used ||
                     (e.last_used == best_entry->last_used && id < *best);  // deterministic
        }
        if (better) {
            best = &id;
            best_entry = &e;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return *best;
}

session_table::admission
session_table::admit(std::string_view principal_key, time_point now, const busy_fn& busy) const {
    admission a;
    if (count_for(principal_key) >= limits_.max_per_principal) {
        // The principal's own least recently used idle session makes room, never another's.
        a.evict = victim(now, busy, [principal_key](const entry& e) {
            return e.principal_key == principal_key;
        });
        if (!a.evict) {
            a.refused = session_refusal::max_per_principal;
        }
        a.evict_reason = session_end::evicted_principal;
        return a;
    }
    if (entries_.size() >= limits_.max_sessions) {
        a.evict = victim(now, busy, [](const entry&) {
            return true;
        });
        if (!a.evict) {
            a.refused = session_refusal::max_sessions;
        }
        a.evict_reason = session_end::evicted;
    }
    return a;
}

void session_table::insert(const std::string& id, std::string principal_key, time_point now) {
    auto [it, inserted] = entries_.try_emplace(id);
    if (!inserted) {
        return;  // ids are random 128-bit values: a repeat is a caller bug, keep the first
    }
    ++per_principal_[principal_key];
    it->second = entry{std::move(principal_key), now, now, false};
}

void session_table::touch(const std::string& id, time_point now) {
    auto it = entries_.find(id);
    if (it != entries_.end()) {
        it->second.used = true;
        it->second.last_used = now;
    }
}

void session_table::erase(const std::string& id) {
    auto it = entries_.find(id);
    if (it == entries_.end()) {
        return;
    }
    auto p = per_principal_.find(it->second.principal_key);
    if (p != per_principal_.end() && --p->second == 0) {
        per_principal_.erase(p);
    }
    entries_.erase(it);
}

std::vector<std::pair<std::string, session_end>>
session_table::expired(time_point now, const busy_fn& busy) const {
    std::vector<std::pair<std::string, session_end>> out;
    for (const auto& [id, e] : entries_) {
        if (auto why = expiry_of(e, now); why && !busy(id)) {
            out.emplace_back(id, *why);
        }
    }
    return out;
}

std::optional<session_end> session_table::expiry(const std::string& id, time_point now) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? std::nullopt : expiry_of(it->second, now);
}

std::optional<session_end> session_table::expiry_of(const entry& e, time_point now) const {
    auto idle = now - e.last_used;
    if (!e.used && idle > limits_.unused_ttl) {
        return session_end::unused_ttl;
    }
    if (idle > limits_.idle_ttl) {
        return session_end::idle_ttl;
    }
    return std::nullopt;
}

std::size_t session_table::count_for(std::string_view principal_key) const {
    auto it = per_principal_.find(std::string(principal_key));
    return it == per_principal_.end() ? 0 : it->second;
}

}  // namespace mcpgw::server
