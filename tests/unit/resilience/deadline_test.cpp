#include <resilience/deadline.hpp>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono_literals;
using mcpgw::resilience::clock;
using mcpgw::resilience::deadline;
using mcpgw::resilience::ms;

// A fake "now": tests never sleep.
const clock::time_point t0 = clock::time_point{} + 1000h;

TEST(Deadline, AfterAddsBudgetToNow) {
    auto d = deadline::after(500ms, t0);
    EXPECT_EQ(d.at, t0 + 500ms);
    EXPECT_FALSE(d.expired(t0));
    EXPECT_FALSE(d.expired(t0 + 499ms));
    EXPECT_TRUE(d.expired(t0 + 500ms));
    EXPECT_TRUE(d.expired(t0 + 1h));
}

TEST(Deadline, RemainingCountsDownAndStopsAtZero) {
    auto d = deadline::after(2s, t0);
    EXPECT_EQ(d.remaining(t0), 2000ms);
    EXPECT_EQ(d.remaining(t0 + 1500ms), 500ms);
    EXPECT_EQ(d.remaining(t0 + 2s), 0ms);
    EXPECT_EQ(d.remaining(t0 + 10s), 0ms);
}

TEST(Deadline, RemainingRoundsUpWhileNotExpired) {
    auto d = deadline::after(1ms, t0);
    auto now = t0 + std::chrono::microseconds(999);
    EXPECT_FALSE(d.expired(now));
    EXPECT_EQ(d.remaining(now), 1ms);
}

TEST(Deadline, ZeroOrNegativeBudgetIsAlreadyExpired) {
    EXPECT_TRUE(deadline::after(0ms, t0).expired(t0));
    EXPECT_TRUE(deadline::after(-5ms, t0).expired(t0));
    EXPECT_EQ(deadline::after(-5ms, t0).remaining(t0), 0ms);
}

TEST(Deadline, HugeBudgetSaturatesToNever) {
    auto d = deadline::after(ms::max(), t0);
    EXPECT_EQ(d, deadline::never());
    EXPECT_FALSE(d.expired(t0 + 100000h));
    EXPECT_GT(d.remaining(t0), 1000000h);
}

TEST(Deadline, EarlierOfPicksTheSooner) {
    auto a = deadline::after(1s, t0);
    auto b = deadline::after(3s, t0);
    EXPECT_EQ(a.earlier_of(b), a);
    EXPECT_EQ(b.earlier_of(a), a);
    EXPECT_EQ(deadline::never().earlier_of(b), b);
    EXPECT_EQ(a.earlier_of(a), a);
}

TEST(Deadline, DefaultIsNever) {
    deadline d;
    EXPECT_EQ(d, deadline::never());
    EXPECT_FALSE(d.expired(t0));
}

}  // namespace
