#pragma once
// Exponential backoff with full jitter and a cap ("Exponential Backoff And Jitter", AWS
// architecture blog): attempt n waits a uniform random time in [0, min(max, initial * m^n)].
// Full jitter spreads reconnect storms; a fixed seed makes the sequence reproducible in tests.

#include <chrono>
#include <cstdint>
#include <random>

namespace mcpgw::resilience {

class backoff {
public:
    using ms = std::chrono::milliseconds;

    /// Throws std::invalid_argument unless 0 <= initial <= max and multiplier >= 1.
    backoff(ms initial, ms max, double multiplier, std::uint64_t seed);

    /// The wait before the next attempt; counts an attempt.
    ms next();
    /// After a success: start again from `initial`.
    void reset() { attempts_ = 0; }
    /// Calls to next() since construction or the last reset().
    int attempts() const { return attempts_; }

    /// The upper bound of the wait for attempt `n` (0-based): min(max, initial * m^n).
    ms ceiling(int n) const;

private:
    ms initial_;
    ms max_;
    double multiplier_;
    std::mt19937_64 rng_;
    int attempts_ = 0;
};

}  // namespace mcpgw::resilience
