#include "bounded_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace mcpgw::backends::prometheus {
namespace {

using json = nlohmann::json;
constexpr std::size_t no_series = std::numeric_limits<std::size_t>::max();
constexpr std::string_view result_path = "$.data.result";
constexpr std::string_view values_path = "$.data.result[].values";

struct frame {
    json* node = nullptr;  // null: this container is dropped (still walked for counts)
    std::string path;
    bool is_array = false;
    bool capped = false;
    bool points = false;  // a series' values array
    bool point = false;   // one [timestamp, "value"] pair inside it
    std::size_t series = no_series;
    std::size_t index = 0;  // elements or keys seen
    std::string key;
    bool drop_value = false;  // objects: the pending key's value is dropped
};

class builder {
public:
    builder(const parse_caps& caps, bounded_document& out) : caps_(caps), out_(out) {}

    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool v) { return scalar(json(v)); }
    bool number_integer(json::number_integer_t v) { return scalar(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return scalar(json(v)); }
    bool number_float(json::number_float_t v, const json::string_t&) { return scalar(json(v)); }
    bool binary(json::binary_t&) { return scalar(json(nullptr)); }

    bool string(json::string_t& v) {
        if (!stack_.empty()) {
            const auto& f = stack_.back();
            if (f.point && f.index == 1 && f.series != no_series) {
                observe(out_.series[f.series], v);
            }
        }
        return scalar(json(std::move(v)));
    }

    bool start_object(std::size_t) { return open(false); }
    bool start_array(std::size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& k) {
        auto& f = stack_.back();
        f.key = k;
        f.drop_value = false;
        if (f.capped) {
            auto& c = out_.counts[f.path];
            ++c.total;
            if (f.index >= caps_.max_items) {
                f.drop_value = true;
            } else {
                ++c.kept;
            }
        }
        ++f.index;
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
        error_ = true;
        out_.error_offset = position;
        return false;
    }

    bool failed() const { return error_; }

private:
    struct placement {
        json* slot = nullptr;
        std::string path;
        std::size_t series = no_series;
        bool in_points = false;
    };

    // Where the next value goes (null slot: dropped) and the path it lives at.
    placement place(json value) {
        placement p;
        if (stack_.empty()) {
            out_.root = std::move(value);
            p.slot = &out_.root;
            p.path = "$";
            return p;
        }
        auto& f = stack_.back();
        p.series = f.series;
        p.in_points = f.points;
        if (f.is_array) {
            p.path = f.path + "[]";
            std::size_t idx = f.index++;
            bool keep = f.node != nullptr;
            if (f.capped) {
                auto& c = out_.counts[f.path];
                ++c.total;
                keep = keep && idx < caps_.max_items;
                if (keep) {
                    ++c.kept;
                }
            }
            if (f.points && f.series != no_series) {  // points of dropped series are not counted
                ++out_.points_total;
                keep = keep && out_.points_kept < caps_.max_points;
                if (keep) {
                    ++out_.points_kept;
                }
            }
            if (keep) {
                f.node->push_back(std::move(value));
                p.slot = &f.node->back();
            }
            return p;
        }
        p.path = f.path + "." + f.key;
        if (f.node != nullptr && !f.drop_value) {
            auto& slot = (*f.node)[f.key];
            slot = std::move(value);
            p.slot = &slot;
        }
        return p;
    }

    bool scalar(json value) {
        (void)place(std::move(value));
        return true;
    }

    bool open(bool is_array) {
        bool parent_is_result =
            !stack_.empty() && stack_.back().path == result_path && stack_.back().capped;
        auto p = place(is_array ? json::array() : json::object());
        frame f;
        f.node = p.slot;
        f.path = std::move(p.path);
        f.is_array = is_array;
        f.series = p.series;
        f.point = p.in_points;
        f.points = is_array && f.path == values_path;
        f.capped = std::find(caps_.item_paths.begin(), caps_.item_paths.end(), f.path) !=
                   caps_.item_paths.end();
        if (f.capped && f.path == result_path && is_array) {
            f.capped = result_is_series();
        }
        if (parent_is_result && !is_array && f.node != nullptr) {
            f.series = out_.series.size();
            out_.series.emplace_back();
        }
        stack_.push_back(std::move(f));
        return true;
    }

    bool close() {
        stack_.pop_back();
        return true;
    }

    // `$.data.result` of a scalar or string result is one [time, value] pair, not a list.
    bool result_is_series() const {
        if (stack_.empty() || stack_.back().node == nullptr) {
            return true;
        }
        const auto& data = *stack_.back().node;
        auto it = data.find("resultType");
        if (it == data.end() || !it->is_string()) {
            return true;
        }
        return *it == "vector" || *it == "matrix";
    }

    static void observe(series_summary& s, const std::string& text) {
        ++s.points;
        s.last = text;
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !std::isfinite(v)) {
            return;
        }
        if (s.finite == 0) {
            s.min = v;
            s.max = v;
        } else {
            s.min = std::min(s.min, v);
            s.max = std::max(s.max, v);
        }
        s.sum += v;
        ++s.finite;
    }

    const parse_caps& caps_;
    bounded_document& out_;
    std::vector<frame> stack_;
    bool error_ = false;
};

}  // namespace

bool bounded_document::truncated() const {
    if (!complete || points_kept < points_total) {
        return true;
    }
    return std::any_of(counts.begin(), counts.end(), [](const auto& c) {
        return c.second.kept < c.second.total;
    });
}

bounded_document parse_bounded(std::string_view body, bool body_cut, const parse_caps& caps) {
    bounded_document out;
    builder b(caps, out);
    (void)json::sax_parse(body.begin(), body.end(), &b, json::input_format_t::json, true);
    if (b.failed()) {
        if (body_cut) {
            out.complete = false;
        } else {
            out.invalid = true;
        }
    }
    return out;
}

}  // namespace mcpgw::backends::prometheus
