#include "backoff.hpp"

#include <cmath>
#include <stdexcept>

namespace mcpgw::resilience {

backoff::backoff(ms initial, ms max, double multiplier, std::uint64_t seed)
    : initial_(initial), max_(max), multiplier_(multiplier), rng_(seed) {
    if (initial < ms::zero() || max < initial || !(multiplier >= 1.0)) {
        throw std::invalid_argument("backoff: need 0 <= initial <= max and multiplier >= 1");
    }
}

backoff::ms backoff::ceiling(int n) const {
    // In floating point so a long outage cannot overflow; the cap bounds the result.
    double bound = static_cast<double>(initial_.count()) * std::pow(multiplier_, n);
    if (!(bound < static_cast<double>(max_.count()))) {
        return max_;
    }
    return ms(static_cast<ms::rep>(bound));
}

backoff::ms backoff::next() {
    auto bound = static_cast<std::uint64_t>(ceiling(attempts_).count());
    if (attempts_ < 1'000'000) {
        ++attempts_;  // past the cap the count no longer matters; keep it from overflowing
    }
    // A plain modulo rather than std::uniform_int_distribution, whose output differs between
    // standard libraries; the bias is negligible for bounds far below 2^64.
    return ms(static_cast<ms::rep>(rng_() % (bound + 1)));
}

}  // namespace mcpgw::resilience
