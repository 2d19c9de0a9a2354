#pragma once
// One metrics registry for the whole process. Series are registered up front with label
// values from configuration only (tool and server names, fixed outcome codes), so the number
// of series is bounded; updates are lock-free atomics. Rendered in the Prometheus text
// exposition format by render().

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace mcpgw::backends {

using labels = std::vector<std::pair<std::string, std::string>>;

class counter {
public:
    void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class gauge {
public:
    void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
    void add(std::int64_t d) { value_.fetch_add(d, std::memory_order_relaxed); }
    std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::int64_t> value_{0};
};

/// Fixed buckets (seconds); observe() is a few relaxed atomic adds.
class histogram {
public:
    explicit histogram(std::vector<double> bounds);
    void observe(double seconds);
    const std::vector<double>& bounds() const { return bounds_; }
    /// Observations in (bounds[i-1], bounds[i]]: not cumulative, render() accumulates.
    std::uint64_t bucket(std::size_t i) const {
        return buckets_[i].load(std::memory_order_relaxed);
    }
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
    double sum() const;

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // one per bound (+Inf is count_)
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_micros_{0};
};

/// Default latency buckets: 0.5 ms .. 30 s.
std::vector<double> default_latency_buckets();

class metrics_registry {
public:
    // Out of line: `family` is incomplete here, so the unique_ptr map must be destroyed in
    // metrics.cpp.
    metrics_registry();
    ~metrics_registry();
    metrics_registry(const metrics_registry&) = delete;
    metrics_registry& operator=(const metrics_registry&) = delete;

    /// Returns the series for (name, labels), creating it on first use. The reference stays
    /// valid for the registry's lifetime. `help` is taken from the first registration.
    counter& get_counter(const std::string& name, const std::string& help, const labels& l = {});
    gauge& get_gauge(const std::string& name, const std::string& help, const labels& l = {});
    histogram& get_histogram(
        const std::string& name,
        const std::string& help,
        const labels& l = {},
        std::vector<double> bounds = default_latency_buckets()
    );

    /// Prometheus text format 0.0.4.
    std::string render() const;

private:
    struct family;
    mutable std::mutex mutex_;  // guards registration and render, never updates
    std::map<std::string, std::unique_ptr<family>> families_;
    family& family_for(const std::string& name, const std::string& help, const char* type);
};

}  // namespace mcpgw::backends
