#pragma once
// Parses a Prometheus API answer under caps while reading it (Prometheus 2.42 has no `limit`
// parameter for queries): elements of chosen collections beyond `max_items` and points beyond
// `max_points` are counted but never stored, and a body cut by the HTTP byte cap still yields
// everything that arrived complete. Per-series min/max/avg/last are computed over every point
// Prometheus sent, stored or not, so a summary stays true when the data is truncated.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::prometheus {

struct parse_caps {
    std::size_t max_items = 1000;    // elements (or keys) kept per capped collection
    std::size_t max_points = 10000;  // points kept over all `$.data.result[].values` arrays
    /// Collections to cap, as paths: "$.data", "$.data.result", "$.data.groups[].rules"...
    /// `$.data.result` is capped only for vector and matrix results (a scalar is one pair).
    std::vector<std::string> item_paths;
};

struct collection_count {
    std::size_t total = 0;  // elements Prometheus sent (over every occurrence of the path)
    std::size_t kept = 0;
};

/// Over every point of one series (stored or not). Values that are not finite numbers
/// (NaN, +Inf, -Inf) count in `points` but not in min/max/avg.
struct series_summary {
    std::size_t points = 0;
    std::size_t finite = 0;
    double min = 0;
    double max = 0;
    double sum = 0;
    std::string last;  // the last value as Prometheus wrote it ("1", "NaN", "+Inf")
};

struct bounded_document {
    nlohmann::json root;   // what was kept (partial when !complete)
    bool complete = true;  // false: the body was cut before the JSON ended
    bool invalid = false;  // not JSON although the body was complete
    std::size_t error_offset = 0;
    std::map<std::string, collection_count> counts;  // per capped path
    std::size_t points_total = 0;                    // points of the kept series
    std::size_t points_kept = 0;
    /// One per kept element of `$.data.result` (vector and matrix), in order.
    std::vector<series_summary> series;

    /// True when anything was left out (caps) or cut (byte cap).
    bool truncated() const;
};

/// `body_cut`: the HTTP client stopped reading at its byte cap.
bounded_document parse_bounded(std::string_view body, bool body_cut, const parse_caps& caps);

}  // namespace mcpgw::backends::prometheus
