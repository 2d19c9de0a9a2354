#pragma once
// The resolution of a range query: chosen so (end - start) / step stays under a point budget
// when the caller gives no step. Pure functions.

#include <cstddef>

namespace mcpgw::backends::prometheus {

/// Points Prometheus returns per series for [start, end] at `step`: floor((end-start)/step)+1.
std::size_t points_per_series(double start, double end, double step);

/// The smallest "round" step (1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h,
/// 3h, 6h, 12h, 1d, then whole days) that keeps points_per_series <= budget (budget >= 2).
double auto_step(double start, double end, std::size_t budget);

}  // namespace mcpgw::backends::prometheus
