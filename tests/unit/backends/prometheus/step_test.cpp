// The automatic step keeps every series under the point budget with a round step.
#include <backends/prometheus/step.hpp>

#include <gtest/gtest.h>

namespace {

using namespace mcpgw::backends::prometheus;

TEST(PrometheusStep, PointsPerSeries) {
    EXPECT_EQ(points_per_series(0, 3600, 60), 61U);
    EXPECT_EQ(points_per_series(0, 0, 15), 1U);
    EXPECT_EQ(points_per_series(0, 59, 60), 1U);
    EXPECT_EQ(points_per_series(10, 0, 60), 0U);
    EXPECT_EQ(points_per_series(0, 10, 0), 0U);
}

TEST(PrometheusStep, AutoStepIsRoundAndWithinBudget) {
    struct row {
        double range;
        std::size_t budget;
        double step;
    };
    const row rows[] = {
        {300, 500, 1},    // 5 minutes: every second fits
        {3600, 500, 10},  // 1 hour: 7.2 s needed -> 10 s (361 points)
        {3600, 11000, 1},
        {86400, 500, 300},       // 1 day -> 5 m (289 points)
        {86400, 100, 900},       // 1 day in 100 points -> 15 m (97 points)
        {7 * 86400, 500, 1800},  // 1 week -> 30 m (337 points)
        {365 * 86400.0, 100, 4 * 86400},
        {0, 500, 1},
        {60, 2, 60},
    };
    for (const auto& r : rows) {
        double step = auto_step(1000, 1000 + r.range, r.budget);
        EXPECT_EQ(step, r.step) << "range " << r.range << " budget " << r.budget;
        EXPECT_LE(points_per_series(1000, 1000 + r.range, step), r.budget);
    }
}

TEST(PrometheusStep, BudgetBelowTwoIsTreatedAsTwo) {
    double step = auto_step(0, 100, 0);
    EXPECT_LE(points_per_series(0, 100, step), 2U);
}

}  // namespace
