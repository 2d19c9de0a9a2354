#include "step.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace mcpgw::backends::prometheus {

std::size_t points_per_series(double start, double end, double step) {
    if (step <= 0 || end < start) {
        return 0;
    }
    return static_cast<std::size_t>(std::floor((end - start) / step)) + 1;
}

double auto_step(double start, double end, std::size_t budget) {
    constexpr std::array<double, 18> round_steps = {
        1,
        2,
        5,
        10,
        15,
        30,
        60,
        120,
        300,
        600,
        900,
        1800,
        3600,
        7200,
        10800,
        21600,
        43200,
        86400,
    };
    budget = std::max<std::size_t>(budget, 2);
    double range = std::max(0.0, end - start);
    for (double step : round_steps) {
        if (points_per_series(start, end, step) <= budget) {
            return step;
        }
    }
    // Whole days beyond one day: the smallest number of days that fits.
    double days = std::ceil(range / static_cast<double>(budget - 1) / 86400.0);
    double step = std::max(1.0, days) * 86400.0;
    while (points_per_series(start, end, step) > budget) {
        step += 86400.0;
    }
    return step;
}

}  // namespace mcpgw::backends::prometheus
