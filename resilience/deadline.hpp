#pragma once
// A point in time by which a call must finish. Carried down to every wait so each layer
// (pool checkout, driver I/O, retries) spends only what is left of the caller's budget.
// Functions take `now` explicitly so tests can use a fake clock.

#include <chrono>

namespace mcpgw::resilience {

using clock = std::chrono::steady_clock;
using ms = std::chrono::milliseconds;

struct deadline {
    clock::time_point at = clock::time_point::max();

    /// No deadline at all.
    static constexpr deadline never() { return deadline{clock::time_point::max()}; }

    /// `budget` from `now`; saturates instead of overflowing for huge budgets.
    static deadline after(ms budget, clock::time_point now = clock::now()) {
        if (budget <= ms::zero()) {
            return deadline{now};
        }
        if (budget >= std::chrono::duration_cast<ms>(clock::time_point::max() - now)) {
            return never();
        }
        return deadline{now + budget};
    }

    bool expired(clock::time_point now = clock::now()) const { return now >= at; }

    /// Time left, rounded up (so remaining() > 0 exactly when not expired), never negative.
    ms remaining(clock::time_point now = clock::now()) const {
        if (now >= at) {
            return ms::zero();
        }
        return std::chrono::ceil<ms>(at - now);
    }

    deadline earlier_of(deadline other) const { return other.at < at ? other : *this; }

    friend bool operator==(const deadline&, const deadline&) = default;
};

}  // namespace mcpgw::resilience
