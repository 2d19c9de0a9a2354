#include "metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <variant>

namespace mcpgw::backends {

namespace {

constexpr std::string_view type_counter = "counter";
constexpr std::string_view type_gauge = "gauge";
constexpr std::string_view type_histogram = "histogram";

bool valid_name(std::string_view name, bool allow_colon) {
    if (name.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                  (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
        if (!ok) {
            return false;
        }
    }
    return true;
}

// Series are keyed by their labels sorted by name, so {a,b} and {b,a} are one series and the
// rendered order does not depend on call order.
labels canonical(const labels& l) {
    labels sorted = l;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (!valid_name(sorted[i].first, false) || sorted[i].first == "le") {
            throw std::logic_error("metrics: invalid label name '" + sorted[i].first + "'");
        }
        if (i > 0 && sorted[i].first == sorted[i - 1].first) {
            throw std::logic_error("metrics: duplicate label '" + sorted[i].first + "'");
        }
    }
    return sorted;
}

void escape_into(std::string& out, std::string_view text, bool quotes) {
    // Copy runs without special characters at once: label values rarely need escaping.
    const std::string_view special = quotes ? std::string_view("\\\n\"") : std::string_view("\\\n");
    while (!text.empty()) {
        const auto at = text.find_first_of(special);
        out.append(text.substr(0, at));
        if (at == std::string_view::npos) {
            return;
        }
        const char c = text[at];
        out += c == '\n' ? "\\n" : (c == '"' ? "\\\"" : "\\\\");
        text.remove_prefix(at + 1);
    }
}

// {a="x",b="y"} (with an optional trailing le="..."), or nothing for an empty set.
void append_labels(std::string& out, const labels& l, const std::string* le = nullptr) {
    if (l.empty() && le == nullptr) {
        return;
    }
    out += '{';
    bool first = true;
    for (const auto& [name, value] : l) {
        if (!first) {
            out += ',';
        }
        first = false;
        out += name;
        out += "=\"";
        escape_into(out, value, true);
        out += '"';
    }
    if (le != nullptr) {
        if (!first) {
            out += ',';
        }
        out += "le=\"";
        out += *le;
        out += '"';
    }
    out += '}';
}

// " <integer>\n" without a format string.
template <typename Int>
void append_value(std::string& out, Int v) {
    fmt::format_int text(v);
    out += ' ';
    out.append(text.data(), text.size());
    out += '\n';
}

// Shortest round-trip form ("0.005", "1", "2.5"), as Prometheus clients print floats.
std::string format_double(double v) {
    if (std::isinf(v)) {
        return v > 0 ? "+Inf" : "-Inf";
    }
    if (std::isnan(v)) {
        return "NaN";
    }
    return fmt::format("{}", v);
}

std::vector<double> normalised_bounds(std::vector<double> bounds) {
    std::erase_if(bounds, [](double b) {
        return std::isnan(b) || std::isinf(b);
    });
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    return bounds;
}

}  // namespace

histogram::histogram(std::vector<double> bounds)
    : bounds_(normalised_bounds(std::move(bounds))),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size())) {}

void histogram::observe(double seconds) {
    if (std::isnan(seconds) || seconds < 0) {
        seconds = 0;
    }
    // Only the first matching bucket is bumped (one add); render() makes them cumulative.
    auto it = std::lower_bound(bounds_.begin(), bounds_.end(), seconds);
    if (it != bounds_.end()) {
        buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(
            1,
            std::memory_order_relaxed
        );
    }
    count_.fetch_add(1, std::memory_order_relaxed);
    double micros = std::min(seconds * 1e6, 1e18);
    sum_micros_.fetch_add(
        static_cast<std::uint64_t>(std::llround(micros)),
        std::memory_order_relaxed
    );
}

double histogram::sum() const {
    return static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6;
}

std::vector<double> default_latency_buckets() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
}

struct metrics_registry::family {
    std::string_view type;
    std::string help;
    std::vector<double> bounds;  // histograms: every series of the family shares them
    using series =
        std::variant<std::unique_ptr<counter>, std::unique_ptr<gauge>, std::unique_ptr<histogram>>;
    struct member {
        series s;
        bool hidden_while_zero = false;  // counters only
    };
    std::map<labels, member> members;  // ordered: stable render output
};

metrics_registry::metrics_registry() = default;
metrics_registry::~metrics_registry() = default;

metrics_registry::family&
metrics_registry::family_for(const std::string& name, const std::string& help, const char* type) {
    if (!valid_name(name, true)) {
        throw std::logic_error("metrics: invalid metric name '" + name + "'");
    }
    auto it = families_.find(name);
    if (it == families_.end()) {
        auto f = std::make_unique<family>();
        f->type = type;
        f->help = help;
        it = families_.emplace(name, std::move(f)).first;
    } else if (it->second->type != type) {
        throw std::logic_error(
            "metrics: '" + name + "' registered as " + std::string(it->second->type) +
            ", requested as " + type
        );
    }
    return *it->second;
}

counter& metrics_registry::get_counter(
    const std::string& name,
    const std::string& help,
    const labels& l,
    zero_series zero
) {
    auto key = canonical(l);
    std::lock_guard lock(mutex_);
    auto& f = family_for(name, help, type_counter.data());
    auto [it, inserted] = f.members.try_emplace(std::move(key));
    if (inserted) {
        it->second.s = std::make_unique<counter>();
        it->second.hidden_while_zero = zero == zero_series::hidden;
    } else if (zero == zero_series::shown) {
        it->second.hidden_while_zero = false;  // any caller asking to see it wins
    }
    return *std::get<std::unique_ptr<counter>>(it->second.s);
}

gauge&
metrics_registry::get_gauge(const std::string& name, const std::string& help, const labels& l) {
    auto key = canonical(l);
    std::lock_guard lock(mutex_);
    auto& f = family_for(name, help, type_gauge.data());
    auto [it, inserted] = f.members.try_emplace(std::move(key));
    if (inserted) {
        it->second.s = std::make_unique<gauge>();
    }
    return *std::get<std::unique_ptr<gauge>>(it->second.s);
}

histogram& metrics_registry::get_histogram(
    const std::string& name,
    const std::string& help,
    const labels& l,
    std::vector<double> bounds
) {
    auto key = canonical(l);
    bounds = normalised_bounds(std::move(bounds));
    std::lock_guard lock(mutex_);
    auto& f = family_for(name, help, type_histogram.data());
    if (f.members.empty()) {
        f.bounds = bounds;
    } else if (f.bounds != bounds) {
        // Series of one family with different buckets cannot be aggregated.
        throw std::logic_error("metrics: '" + name + "' registered with other buckets");
    }
    auto [it, inserted] = f.members.try_emplace(std::move(key));
    if (inserted) {
        it->second.s = std::make_unique<histogram>(std::move(bounds));
    }
    return *std::get<std::unique_ptr<histogram>>(it->second.s);
}

namespace {

void render_histogram(
    std::string& out,
    const std::string& name,
    const labels& l,
    const histogram& h,
    const std::vector<std::string>& le_texts
) {
    // Read count first: a concurrent observe() may then make buckets exceed it, so the +Inf
    // bucket takes the larger of the two to stay monotonic.
    std::uint64_t count = h.count();
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.bounds().size(); ++i) {
        cumulative += h.bucket(i);
        out += name;
        out += "_bucket";
        append_labels(out, l, &le_texts[i]);
        append_value(out, cumulative);
    }
    count = std::max(count, cumulative);
    std::string inf = "+Inf";
    out += name;
    out += "_bucket";
    append_labels(out, l, &inf);
    append_value(out, count);
    out += name;
    out += "_sum";
    append_labels(out, l);
    out += ' ';
    out += format_double(h.sum());
    out += '\n';
    out += name;
    out += "_count";
    append_labels(out, l);
    append_value(out, count);
}

}  // namespace

void metrics_registry::add_collector(collector c) {
    std::lock_guard lock(mutex_);
    collectors_.push_back(std::move(c));
}

void sample_writer::family(std::string_view name, std::string_view help, std::string_view type) {
    name_.assign(name);
    help_.assign(help);
    type_.assign(type);
    header_written_ = false;
    skip_ = !valid_name(name, true) || used_.contains(name);
    if (!skip_) {
        used_.emplace(name);
    }
}

void sample_writer::sample(const labels& l, double value) {
    if (skip_) {
        return;
    }
    if (!header_written_) {
        header_written_ = true;
        out_ += "# HELP ";
        out_ += name_;
        out_ += ' ';
        escape_into(out_, help_, false);
        out_ += "\n# TYPE ";
        out_ += name_;
        out_ += ' ';
        out_ += type_;
        out_ += '\n';
    }
    out_ += name_;
    append_labels(out_, l);
    out_ += ' ';
    out_ += format_double(value);
    out_ += '\n';
}

std::string metrics_registry::render() const {
    std::string out;
    std::lock_guard lock(mutex_);
    out.reserve(last_size_ + last_size_ / 8);
    std::set<std::string, std::less<>> used;
    std::vector<std::string> le_texts;  // a histogram family's bounds, formatted once
    for (const auto& [name, f] : families_) {
        used.insert(name);
        le_texts.clear();
        for (double b : f->bounds) {
            le_texts.push_back(format_double(b));
        }
        out += "# HELP ";
        out += name;
        out += ' ';
        escape_into(out, f->help, false);
        out += "\n# TYPE ";
        out += name;
        out += ' ';
        out += f->type;
        out += '\n';
        for (const auto& [l, m] : f->members) {
            if (const auto* c = std::get_if<std::unique_ptr<counter>>(&m.s)) {
                auto v = (*c)->value();
                if (v == 0 && m.hidden_while_zero) {
                    continue;
                }
                out += name;
                append_labels(out, l);
                append_value(out, v);
            } else if (const auto* g = std::get_if<std::unique_ptr<gauge>>(&m.s)) {
                out += name;
                append_labels(out, l);
                append_value(out, (*g)->value());
            } else {
                render_histogram(
                    out,
                    name,
                    l,
                    *std::get<std::unique_ptr<histogram>>(m.s),
                    le_texts
                );
            }
        }
    }
    sample_writer writer(out, used);
    for (const auto& c : collectors_) {
        c(writer);
    }
    last_size_ = out.size();
    return out;
}

}  // namespace mcpgw::backends
