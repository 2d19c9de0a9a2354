#pragma once
// One metrics registry for the whole process. Series are registered up front with label
// values from configuration only (tool and server names, fixed outcome codes), so the number
// of series is bounded; updates are lock-free atomics. Rendered in the Prometheus text
// exposition format by render(). Values known only at scrape time (pool sizes, source health)
// come from collectors: callbacks that write samples while render() runs.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
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

/// Whether a counter that is still 0 is rendered. Families with many label combinations of
/// which few are ever used (HTTP method x status, error outcomes) register every series up
/// front (so updates stay lock-free) but show a series only once it has counted something.
enum class zero_series { shown, hidden };

/// Writes scrape-time samples for a collector, one family at a time:
///   w.family("mcpgw_pool_waiters", "Callers waiting.", "gauge");
///   w.sample({{"server", "db"}}, 3);
/// HELP/TYPE are written with the first sample (a family without samples writes nothing).
/// A family name already rendered (registered or written before) is skipped with its samples,
/// so the output stays valid exposition text.
class sample_writer {
public:
    sample_writer(std::string& out, std::set<std::string, std::less<>>& used)
        : out_(out), used_(used) {}
    /// `type`: "gauge" or "counter".
    void family(std::string_view name, std::string_view help, std::string_view type);
    void sample(const labels& l, double value);

private:
    std::string& out_;
    std::set<std::string, std::less<>>& used_;
    std::string name_;
    std::string help_;
    std::string type_;
    bool header_written_ = false;
    bool skip_ = true;
};

using collector = std::function<void(sample_writer&)>;

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
    counter& get_counter(
        const std::string& name,
        const std::string& help,
        const labels& l = {},
        zero_series zero = zero_series::shown
    );
    gauge& get_gauge(const std::string& name, const std::string& help, const labels& l = {});
    histogram& get_histogram(
        const std::string& name,
        const std::string& help,
        const labels& l = {},
        std::vector<double> bounds = default_latency_buckets()
    );

    /// Adds a callback that writes samples at every render(), after the registered families.
    /// It runs under the registry's lock on the rendering thread: it must not call back into
    /// the registry, and it must be safe to run there (the gateway renders on the event loop).
    void add_collector(collector c);

    /// Prometheus text format 0.0.4.
    std::string render() const;

private:
    struct family;
    mutable std::mutex mutex_;  // guards registration and render, never updates
    std::map<std::string, std::unique_ptr<family>> families_;
    std::vector<collector> collectors_;
    mutable std::size_t last_size_ = 0;  // output size of the last render, to reserve once
    family& family_for(const std::string& name, const std::string& help, const char* type);
};

}  // namespace mcpgw::backends
