#include <resilience/backoff.hpp>

#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using mcpgw::resilience::backoff;
using ms = std::chrono::milliseconds;

std::vector<ms> draw(backoff& b, int n) {
    std::vector<ms> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(b.next());
    }
    return out;
}

TEST(Backoff, CeilingGrowsGeometricallyUpToTheCap) {
    backoff b(100ms, 5s, 2.0, 1);
    EXPECT_EQ(b.ceiling(0), 100ms);
    EXPECT_EQ(b.ceiling(1), 200ms);
    EXPECT_EQ(b.ceiling(2), 400ms);
    EXPECT_EQ(b.ceiling(5), 3200ms);
    EXPECT_EQ(b.ceiling(6), 5s);
    EXPECT_EQ(b.ceiling(1000), 5s);  // no overflow after a long outage
}

TEST(Backoff, EveryWaitIsWithinZeroAndTheCeiling) {
    backoff b(100ms, 5s, 2.0, 42);
    for (int i = 0; i < 200; ++i) {
        auto bound = b.ceiling(b.attempts());
        auto wait = b.next();
        EXPECT_GE(wait, 0ms);
        EXPECT_LE(wait, bound) << "attempt " << i;
    }
    EXPECT_EQ(b.attempts(), 200);
}

TEST(Backoff, SameSeedSameSequence) {
    backoff a(50ms, 10s, 1.5, 7);
    backoff b(50ms, 10s, 1.5, 7);
    EXPECT_EQ(draw(a, 30), draw(b, 30));
}

TEST(Backoff, DifferentSeedsDiffer) {
    backoff a(1s, 60s, 2.0, 1);
    backoff b(1s, 60s, 2.0, 2);
    EXPECT_NE(draw(a, 10), draw(b, 10));
}

TEST(Backoff, JitterSpreadsTheWaits) {
    backoff b(10s, 10s, 1.0, 3);
    std::set<ms> distinct;
    for (auto w : draw(b, 50)) {
        distinct.insert(w);
    }
    EXPECT_GT(distinct.size(), 40u);
}

TEST(Backoff, ResetStartsFromInitialAgain) {
    backoff b(100ms, 60s, 2.0, 9);
    draw(b, 10);
    EXPECT_EQ(b.attempts(), 10);
    b.reset();
    EXPECT_EQ(b.attempts(), 0);
    EXPECT_LE(b.next(), 100ms);
    EXPECT_EQ(b.attempts(), 1);
}

TEST(Backoff, ZeroInitialAlwaysZero) {
    backoff b(0ms, 0ms, 2.0, 5);
    for (auto w : draw(b, 5)) {
        EXPECT_EQ(w, 0ms);
    }
}

TEST(Backoff, RejectsBadArguments) {
    struct bad_case {
        ms initial;
        ms max;
        double multiplier;
    };
    const bad_case cases[] = {
        {-1ms, 1s, 2.0},
        {2s, 1s, 2.0},
        {1s, 2s, 0.5},
        {1s, 2s, std::numeric_limits<double>::quiet_NaN()},
    };
    for (const auto& c : cases) {
        EXPECT_THROW(backoff(c.initial, c.max, c.multiplier, 0), std::invalid_argument);
    }
}

}  // namespace
