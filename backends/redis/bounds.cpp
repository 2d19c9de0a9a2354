#include "bounds.hpp"

#include "arguments.hpp"

#include <backends/core/tool_result.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <span>

namespace mcpgw::backends::redis {
namespace {

using args_t = std::vector<std::string>;

std::string shown_name(std::string_view name) {
    std::string out(name);
    for (auto& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        } else if (c == '|') {
            c = ' ';
        }
    }
    return out;
}

std::string num(std::uint64_t v) {
    return std::to_string(v);
}

std::uint64_t magnitude(std::int64_t v) {
    // -INT64_MIN does not fit an int64_t; its magnitude fits a uint64_t.
    return v < 0 ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
}

bound_plan refuse_now(call_refusal r) {
    bound_plan p;
    p.refused = std::move(r);
    return p;
}

call_refusal refused(std::string message, std::optional<std::size_t> index = std::nullopt) {
    return {error_code::refused, std::move(message), index};
}

// Reads args[i] as Redis does. A value Redis would not read as a number is refused here
// too: a bound must never rest on a reading Redis does not share.
std::optional<call_refusal> read_int(
    std::string_view name,
    const args_t& a,
    std::size_t i,
    std::string_view what,
    std::int64_t& out
) {
    auto v = redis_integer(a[i]);
    if (!v) {
        return call_refusal{
            error_code::invalid_argument,
            shown_name(name) + " " + std::string(what) + " must be an integer (args[" +
                std::to_string(i) + "])",
            i};
    }
    out = *v;
    return std::nullopt;
}

// A count argument: refused when its magnitude is above max_count.
std::optional<call_refusal> check_count(
    const bound_limits& l,
    std::string_view name,
    const args_t& a,
    std::size_t i,
    std::string_view what,
    std::string_view hint = ""
) {
    std::int64_t v = 0;
    if (auto e = read_int(name, a, i, what, v)) {
        return e;
    }
    if (magnitude(v) <= l.max_count) {
        return std::nullopt;
    }
    return refused(
        shown_name(name) + " " + std::string(what) + " " + a[i] + " is beyond max_count (" +
            num(l.max_count) + ")" + std::string(hint) + "; ask for at most " + num(l.max_count),
        i
    );
}

// The values of `word` Redis reads in a scan; where the scan met a syntax error, every later
// `word` with an argument after it counts as well (a newer Redis may know more options).
std::vector<std::size_t>
values_of(const args_t& a, const option_scan& scan, std::string_view word) {
    auto out = scan.values_of(word);
    if (!scan.complete) {
        for (std::size_t i = scan.failed_at; i + 1 < a.size(); ++i) {
            if (is_word(a[i], word)) {
                out.push_back(i + 1);
            }
        }
    }
    return out;
}

std::optional<call_refusal> check_counts(
    const bound_limits& l,
    std::string_view name,
    const args_t& a,
    const std::vector<std::size_t>& at,
    std::string_view what
) {
    for (auto i : at) {
        if (auto e = check_count(l, name, a, i, what)) {
            return e;
        }
    }
    return std::nullopt;
}

// ---- size checks ------------------------------------------------------------------------

struct key_size {
    std::uint64_t n = 0;
    std::size_t alternative = 0;  // which of the key's size commands answered
};

using size_decision =
    std::function<std::optional<call_refusal>(const std::vector<key_size>& sizes)>;

bool wrong_type(const redis_value& v) {
    return v.type == redis_value::kind::error && v.text.starts_with("WRONGTYPE");
}

// Asks the size of each key with `commands` (a key of another type answers WRONGTYPE to
// the others: SORT's key may be a list, a set or a sorted set) and hands the sizes to
// `decide`. When no size command fits a key, Redis's own WRONGTYPE answer is the call's
// answer: the command itself would get the same one.
bound_plan ask_sizes(
    const std::vector<std::string>& keys,
    std::vector<std::string> commands,
    size_decision decide
) {
    bound_plan p;
    for (const auto& k : keys) {
        for (const auto& c : commands) {
            p.probes.push_back({c, k});
        }
    }
    auto per_key = commands.size();
    p.judge = [per_key, commands = std::move(commands), decide = std::move(decide)](
                  const std::vector<redis_value>& answers
              ) -> std::optional<call_refusal> {
        std::vector<key_size> sizes;
        for (std::size_t k = 0; k * per_key < answers.size(); ++k) {
            const redis_value* type_error = nullptr;
            bool found = false;
            for (std::size_t j = 0; j < per_key && k * per_key + j < answers.size(); ++j) {
                const auto& v = answers[k * per_key + j];
                if (v.type == redis_value::kind::integer) {
                    sizes.push_back({v.integer < 0 ? 0 : static_cast<std::uint64_t>(v.integer), j});
                    found = true;
                    break;
                }
                if (v.type == redis_value::kind::nil) {  // MEMORY USAGE of a missing key
                    sizes.push_back({0, j});
                    found = true;
                    break;
                }
                if (wrong_type(v)) {
                    type_error = &v;
                    continue;
                }
                std::string why =
                    v.type == redis_value::kind::error ? v.text : "an unexpected reply";
                return call_refusal{
                    error_code::backend_error,
                    "the size check before the command (" + shown_name(commands[j]) +
                        ") failed: " + why,
                    std::nullopt};
            }
            if (!found) {
                return call_refusal{
                    error_code::backend_error,
                    type_error != nullptr ? type_error->text : "no answer to the size check",
                    std::nullopt};
            }
        }
        return decide(sizes);
    };
    return p;
}

// A probe that is not "COMMAND key": ZCOUNT key min max, MEMORY USAGE key.
bound_plan ask(std::vector<std::string> probe, size_decision decide) {
    bound_plan p;
    auto shown = probe.front();
    p.probes.push_back(std::move(probe));
    p.judge = [shown, decide = std::move(decide)](const std::vector<redis_value>& answers
              ) -> std::optional<call_refusal> {
        if (answers.size() != 1) {
            return call_refusal{error_code::backend_error, "no answer to the size check", {}};
        }
        const auto& v = answers[0];
        if (v.type == redis_value::kind::integer || v.type == redis_value::kind::nil) {
            auto n = v.type == redis_value::kind::nil || v.integer < 0
                         ? 0
                         : static_cast<std::uint64_t>(v.integer);
            return decide({{n, 0}});
        }
        if (v.type == redis_value::kind::error) {
            return call_refusal{error_code::backend_error, v.text, {}};
        }
        return call_refusal{
            error_code::backend_error,
            "the size check before the command (" + shown_name(shown) +
                ") gave an unexpected reply",
            {}};
    };
    return p;
}

std::optional<call_refusal> over_items(
    const bound_limits& l,
    std::string_view name,
    std::uint64_t items,
    const std::string& has,
    std::string_view hint
) {
    if (items <= l.max_items) {
        return std::nullopt;
    }
    return refused(
        shown_name(name) + ": " + has + ", more than max_items (" + num(l.max_items) + "); " +
        std::string(hint)
    );
}

// ---- ranges -----------------------------------------------------------------------------

// The most elements LRANGE / ZRANGE start stop can return whatever the length, or nullopt
// when that depends on the length (0 -1).
std::optional<std::uint64_t> span_bound(std::int64_t start, std::int64_t stop) {
    if (start >= 0 && stop < 0) {
        return std::nullopt;
    }
    if ((start >= 0) == (stop >= 0)) {  // same sign: the difference cannot overflow
        return stop < start ? 0 : static_cast<std::uint64_t>(stop - start) + 1;
    }
    // start < 0 <= stop: from length+start (at least 0) to stop.
    return std::min(static_cast<std::uint64_t>(stop) + 1, magnitude(start));
}

// What Redis returns for start stop on a collection of `len` (addListRangeReply,
// genericZrangebyrankCommand).
std::uint64_t span_of(std::uint64_t len, std::int64_t start, std::int64_t stop) {
    auto n = static_cast<std::int64_t>(std::min<std::uint64_t>(len, INT64_MAX));
    if (start < 0) {
        start = n + start;
    }
    if (stop < 0) {
        stop = n + stop;
    }
    if (start < 0) {
        start = 0;
    }
    if (start > stop || start >= n) {
        return 0;
    }
    if (stop >= n) {
        stop = n - 1;
    }
    return static_cast<std::uint64_t>(stop - start) + 1;
}

bound_plan index_range(
    const bound_limits& l,
    std::string_view name,
    const args_t& a,
    std::size_t key,
    std::string size_command,
    std::uint64_t per_entry,
    std::string_view noun
) {
    if (a.size() < key + 3) {
        return {};  // Redis answers the arity error
    }
    std::int64_t start = 0;
    std::int64_t stop = 0;
    if (auto e = read_int(name, a, key + 1, "start", start)) {
        return refuse_now(*e);
    }
    if (auto e = read_int(name, a, key + 2, "stop", stop)) {
        return refuse_now(*e);
    }
    if (auto b = span_bound(start, stop); b && *b <= l.max_count) {
        return {};
    }
    std::string n(name);
    std::string what(noun);
    return ask_sizes(
        {a[key]},
        {std::move(size_command)},
        [l, n, what, start, stop, per_entry](const std::vector<key_size>& s) {
            auto items = span_of(s.at(0).n, start, stop);
            return over_items(
                l,
                n,
                items * per_entry,
                "the range " + std::to_string(start) + " " + std::to_string(stop) + " covers " +
                    num(items) + " " + what + " of " + num(s.at(0).n),
                "ask for a range of at most " + num(l.max_items) + " " + what
            );
        }
    );
}

// ---- per command ------------------------------------------------------------------------

using planner = bound_plan (*)(const bound_limits&, std::string_view, const args_t&);

bound_plan random_count(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.size() < 2) {
        return {};
    }
    if (auto e = check_count(
            l,
            name,
            a,
            1,
            "count",
            " (a negative count returns that many entries, repeating them)"
        )) {
        return refuse_now(*e);
    }
    return {};
}

bound_plan pop_count(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.size() < 2) {
        return {};
    }
    if (auto e = check_count(l, name, a, 1, "count")) {
        return refuse_now(*e);
    }
    return {};
}

// LMPOP numkeys key... LEFT|RIGHT [COUNT n]; BLMPOP timeout numkeys ...; ZMPOP, BZMPOP.
bound_plan mpop_count(const bound_limits& l, std::string_view name, const args_t& a) {
    std::size_t at = name.starts_with('b') ? 1 : 0;
    if (a.size() <= at) {
        return {};
    }
    std::int64_t numkeys = 0;
    if (auto e = read_int(name, a, at, "numkeys", numkeys)) {
        return refuse_now(*e);
    }
    if (numkeys < 1 || static_cast<std::uint64_t>(numkeys) + at + 2 > a.size()) {
        return {};  // Redis answers the error
    }
    auto from = at + 1 + static_cast<std::size_t>(numkeys) + 1;
    auto scan = scan_options(a, from, {{"count", 1}});
    if (auto e = check_counts(l, name, a, values_of(a, scan, "count"), "COUNT")) {
        return refuse_now(*e);
    }
    return {};
}

bound_plan scan_count(const bound_limits& l, std::string_view name, const args_t& a) {
    bool keyspace = name == "scan";
    auto scan = keyspace ? scan_options(a, 1, {{"count", 1}, {"match", 1}, {"type", 1}})
                         : scan_options(a, 2, {{"count", 1}, {"match", 1}});
    if (auto e = check_counts(l, name, a, values_of(a, scan, "count"), "COUNT")) {
        return refuse_now(*e);
    }
    return {};
}

bound_plan stream_range(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.size() < 3) {
        return {};
    }
    auto scan = scan_options(a, 3, {{"count", 1}});
    auto counts = values_of(a, scan, "count");
    if (auto e = check_counts(l, name, a, counts, "COUNT")) {
        return refuse_now(*e);
    }
    if (!counts.empty()) {
        return {};  // COUNT <= 0 answers nothing
    }
    std::string n(name);
    return ask_sizes({a[0]}, {"xlen"}, [l, n](const std::vector<key_size>& s) {
        return over_items(
            l,
            n,
            s.at(0).n,
            "without COUNT it returns up to the whole stream of " + num(s.at(0).n) + " entries",
            "add COUNT n (at most " + num(l.max_items) + ")"
        );
    });
}

constexpr option_rule xread_rules[] = {{"block", 1}, {"count", 1}, {"streams", 0, true}};
constexpr option_rule xreadgroup_rules[] =
    {{"block", 1}, {"count", 1}, {"streams", 0, true}, {"group", 2}, {"noack", 0}};

bound_plan stream_read(const bound_limits& l, std::string_view name, const args_t& a) {
    auto scan = scan_options(
        a,
        0,
        name == "xread" ? std::span<const option_rule>(xread_rules)
                        : std::span<const option_rule>(xreadgroup_rules)
    );
    auto counts = values_of(a, scan, "count");
    if (auto e = check_counts(l, name, a, counts, "COUNT")) {
        return refuse_now(*e);
    }
    if (!counts.empty()) {
        std::int64_t last = 0;  // the last COUNT wins; 0 (or less) means no limit
        if (auto e = read_int(name, a, counts.back(), "COUNT", last)) {
            return refuse_now(*e);
        }
        if (last > 0) {
            return {};
        }
    }
    if (!scan.stopped_at) {
        return {};  // no STREAMS: Redis answers the error
    }
    auto first = *scan.stopped_at + 1;
    auto rest = a.size() - first;
    if (rest == 0 || rest % 2 != 0) {
        return {};
    }
    std::vector<std::string> keys(a.begin() + first, a.begin() + first + rest / 2);
    std::string n(name);
    return ask_sizes(keys, {"xlen"}, [l, n](const std::vector<key_size>& s) {
        std::uint64_t total = 0;
        for (const auto& k : s) {
            total += k.n;
        }
        return over_items(
            l,
            n,
            total,
            "without COUNT it returns up to the whole streams, " + num(total) + " entries",
            "add COUNT n (at most " + num(l.max_items) + ")"
        );
    });
}

// XINFO STREAM key [FULL [COUNT n]]: COUNT 0 is the whole stream.
bound_plan stream_info(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.size() != 5 || !is_word(a[2], "full") || !is_word(a[3], "count")) {
        return {};
    }
    if (auto e = check_count(l, name, a, 4, "COUNT")) {
        return refuse_now(*e);
    }
    if (a[4] != "0") {
        return {};
    }
    std::string n(name);
    return ask_sizes({a[1]}, {"xlen"}, [l, n](const std::vector<key_size>& s) {
        return over_items(
            l,
            n,
            s.at(0).n,
            "FULL COUNT 0 returns the whole stream of " + num(s.at(0).n) + " entries",
            "give COUNT n (at most " + num(l.max_items) + ")"
        );
    });
}

// XPENDING key group [[IDLE ms] start end count [consumer]]
bound_plan stream_pending(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.size() < 5) {
        return {};
    }
    std::size_t start = is_word(a[2], "idle") ? 4 : 2;
    if (start + 2 >= a.size()) {
        return {};
    }
    if (auto e = check_count(l, name, a, start + 2, "count")) {
        return refuse_now(*e);
    }
    return {};
}

bound_plan stream_autoclaim(const bound_limits& l, std::string_view name, const args_t& a) {
    auto scan = scan_options(a, 5, {{"count", 1}, {"justid", 0}});
    if (auto e = check_counts(l, name, a, values_of(a, scan, "count"), "COUNT")) {
        return refuse_now(*e);
    }
    return {};
}

// LPOS key element [RANK r] [COUNT c] [MAXLEN m]: COUNT 0 is every match, MAXLEN 0 (the
// default) the whole list.
bound_plan list_pos(const bound_limits& l, std::string_view name, const args_t& a) {
    auto scan = scan_options(a, 2, {{"rank", 1}, {"count", 1}, {"maxlen", 1}});
    auto counts = values_of(a, scan, "count");
    if (auto e = check_counts(l, name, a, counts, "COUNT")) {
        return refuse_now(*e);
    }
    if (counts.empty() || a[counts.back()] != "0") {
        return {};
    }
    std::int64_t maxlen = 0;
    if (auto m = values_of(a, scan, "maxlen"); !m.empty()) {
        if (auto e = read_int(name, a, m.back(), "MAXLEN", maxlen)) {
            return refuse_now(*e);
        }
    }
    if (maxlen > 0 && static_cast<std::uint64_t>(maxlen) <= l.max_count) {
        return {};
    }
    std::string n(name);
    return ask_sizes({a[0]}, {"llen"}, [l, n, maxlen](const std::vector<key_size>& s) {
        auto items = maxlen > 0
                         ? std::min<std::uint64_t>(s.at(0).n, static_cast<std::uint64_t>(maxlen))
                         : s.at(0).n;
        return over_items(
            l,
            n,
            items,
            "COUNT 0 returns every match among " + num(items) + " elements",
            "give COUNT n or MAXLEN n (at most " + num(l.max_items) + ")"
        );
    });
}

bound_plan list_range(const bound_limits& l, std::string_view name, const args_t& a) {
    return index_range(l, name, a, 0, "llen", 1, "elements");
}

constexpr option_rule zrange_rules[] =
    {{"withscores", 0}, {"limit", 2}, {"rev", 0}, {"bylex", 0}, {"byscore", 0}};
constexpr option_rule zrangestore_rules[] = {
    {"limit", 2},
    {"rev", 0},
    {"bylex", 0},
    {"byscore", 0}};
constexpr option_rule zrangeby_rules[] = {{"withscores", 0}, {"limit", 2}};

// ZRANGE and its older forms (zrangeGenericCommand): by rank like LRANGE; by score or lex
// bounded by LIMIT, else by ZCOUNT / ZLEXCOUNT of the range.
bound_plan sorted_range(const bound_limits& l, std::string_view name, const args_t& a) {
    enum class by { rank, score, lex };
    std::size_t key = name == "zrangestore" ? 1 : 0;
    by type = by::rank;
    bool rev = false;
    std::span<const option_rule> rules = zrangeby_rules;
    if (name == "zrange") {
        rules = zrange_rules;
    } else if (name == "zrangestore") {
        rules = zrangestore_rules;
    } else if (name == "zrevrange") {
        rev = true;
    } else if (name == "zrangebyscore" || name == "zrevrangebyscore") {
        type = by::score;
        rev = name == "zrevrangebyscore";
    } else {
        type = by::lex;
        rev = name == "zrevrangebylex";
    }
    if (a.size() < key + 3) {
        return {};
    }
    auto scan = scan_options(a, key + 3, rules);
    if (name == "zrange" || name == "zrangestore") {
        type = scan.has("byscore") ? by::score : scan.has("bylex") ? by::lex : by::rank;
        rev = scan.has("rev");
    }
    std::uint64_t per_entry = scan.has("withscores") ? 2 : 1;
    auto limits = values_of(a, scan, "limit");  // the offset; the count follows it
    for (auto i : limits) {
        if (i + 1 < a.size()) {
            if (auto e = check_count(l, name, a, i + 1, "LIMIT count")) {
                return refuse_now(*e);
            }
        }
    }
    if (type == by::rank) {
        return index_range(l, name, a, key, "zcard", per_entry, "members");
    }
    std::int64_t offset = 0;
    std::int64_t count = -1;
    if (!limits.empty() && limits.back() + 1 < a.size()) {
        if (auto e = read_int(name, a, limits.back(), "LIMIT offset", offset)) {
            return refuse_now(*e);
        }
        if (auto e = read_int(name, a, limits.back() + 1, "LIMIT count", count)) {
            return refuse_now(*e);
        }
        if (count >= 0 && (offset < 0 || static_cast<std::uint64_t>(offset) <= l.max_count)) {
            return {};
        }
    }
    // The range is given as max min when reversed; ZCOUNT / ZLEXCOUNT take min max.
    const auto& lo = rev ? a[key + 2] : a[key + 1];
    const auto& hi = rev ? a[key + 1] : a[key + 2];
    std::string n(name);
    return ask(
        {type == by::score ? "zcount" : "zlexcount", a[key], lo, hi},
        [l, n, offset, count, per_entry](const std::vector<key_size>& s) {
            auto in_range = s.at(0).n;
            auto skipped = offset > 0 ? static_cast<std::uint64_t>(offset) : 0;
            auto items = in_range > skipped ? in_range - skipped : 0;
            if (count >= 0) {
                items = std::min(items, static_cast<std::uint64_t>(count));
            }
            return over_items(
                l,
                n,
                items * per_entry,
                "the range holds " + num(in_range) + " members",
                "add LIMIT offset count (count at most " + num(l.max_items) + ")"
            );
        }
    );
}

bound_plan whole_set(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.empty()) {
        return {};
    }
    std::string n(name);
    return ask_sizes({a[0]}, {"scard"}, [l, n](const std::vector<key_size>& s) {
        return over_items(
            l,
            n,
            s.at(0).n,
            "the set has " + num(s.at(0).n) + " members",
            "read it in parts with SSCAN key cursor COUNT n"
        );
    });
}

bound_plan whole_hash(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.empty()) {
        return {};
    }
    std::string n(name);
    std::uint64_t per_entry = name == "hgetall" ? 2 : 1;
    return ask_sizes({a[0]}, {"hlen"}, [l, n, per_entry](const std::vector<key_size>& s) {
        return over_items(
            l,
            n,
            s.at(0).n * per_entry,
            "the hash has " + num(s.at(0).n) + " fields" +
                (per_entry == 2 ? " (" + num(s.at(0).n * 2) + " reply entries)" : ""),
            "read it in parts with HSCAN key cursor COUNT n"
        );
    });
}

enum class combine { sum, min, first };

std::uint64_t combined(const std::vector<key_size>& s, combine how) {
    if (s.empty()) {
        return 0;
    }
    switch (how) {
        case combine::first:
            return s.front().n;
        case combine::min: {
            std::uint64_t m = s.front().n;
            for (const auto& k : s) {
                m = std::min(m, k.n);
            }
            return m;
        }
        case combine::sum:
            break;
    }
    std::uint64_t total = 0;
    for (const auto& k : s) {
        total += k.n;
    }
    return total;
}

// What a set operation walks: SINTER the smallest set (against each other), SUNION all,
// SDIFF the first (against each other).
combine combine_for(std::string_view name) {
    if (name.find("inter") != std::string_view::npos) {
        return combine::min;
    }
    if (name.find("diff") != std::string_view::npos) {
        return combine::first;
    }
    return combine::sum;
}

bound_plan keys_sizes(
    const bound_limits& l,
    std::string_view name,
    std::vector<std::string> keys,
    std::vector<std::string> size_commands,
    std::uint64_t per_entry,
    std::string_view hint
) {
    if (keys.empty()) {
        return {};
    }
    auto how = combine_for(name);
    std::string n(name);
    std::string h(hint);
    return ask_sizes(
        keys,
        std::move(size_commands),
        [l, n, h, how, per_entry](const std::vector<key_size>& s) {
            auto items = combined(s, how);
            std::string what = how == combine::min     ? "the smallest of its inputs has "
                               : how == combine::first ? "its first input has "
                                                       : "its inputs have ";
            return over_items(l, n, items * per_entry, what + num(items) + " members", h);
        }
    );
}

// SINTER / SUNION / SDIFF key...; their STORE forms take a destination first; SINTERCARD
// numkeys key... [LIMIT n].
bound_plan set_algebra(const bound_limits& l, std::string_view name, const args_t& a) {
    std::size_t first = name.ends_with("store") ? 1 : 0;
    std::size_t end = a.size();
    if (name == "sintercard") {
        std::int64_t numkeys = 0;
        if (a.empty()) {
            return {};
        }
        if (auto e = read_int(name, a, 0, "numkeys", numkeys)) {
            return refuse_now(*e);
        }
        if (numkeys < 1 || static_cast<std::uint64_t>(numkeys) + 1 > a.size()) {
            return {};
        }
        first = 1;
        end = 1 + static_cast<std::size_t>(numkeys);
    }
    if (first >= end) {
        return {};
    }
    return keys_sizes(
        l,
        name,
        {a.begin() + static_cast<std::ptrdiff_t>(first),
         a.begin() + static_cast<std::ptrdiff_t>(end)},
        {"scard"},
        1,
        "use smaller sets or SSCAN"
    );
}

// ZUNION / ZINTER / ZDIFF numkeys key... [WEIGHTS...] [AGGREGATE...] [WITHSCORES]; the STORE
// forms take a destination first; ZINTERCARD numkeys key... [LIMIT n]. Inputs may be sets.
bound_plan sorted_algebra(const bound_limits& l, std::string_view name, const args_t& a) {
    std::size_t at = name.ends_with("store") ? 1 : 0;
    if (a.size() <= at) {
        return {};
    }
    std::int64_t numkeys = 0;
    if (auto e = read_int(name, a, at, "numkeys", numkeys)) {
        return refuse_now(*e);
    }
    if (numkeys < 1 || static_cast<std::uint64_t>(numkeys) + at + 1 > a.size()) {
        return {};
    }
    auto first = at + 1;
    auto end = first + static_cast<std::size_t>(numkeys);
    std::uint64_t per_entry = 1;
    for (auto i = end; i < a.size(); ++i) {
        if (is_word(a[i], "withscores")) {
            per_entry = 2;
        }
    }
    return keys_sizes(
        l,
        name,
        {a.begin() + static_cast<std::ptrdiff_t>(first),
         a.begin() + static_cast<std::ptrdiff_t>(end)},
        {"zcard", "scard"},
        per_entry,
        "use smaller sets or ZSCAN"
    );
}

// SORT / SORT_RO load the whole list, set or sorted set (even with LIMIT). Redis 7.0 also
// converts a small sorted set to its skiplist encoding first (sort.c, zsetConvert): on a
// read_only server that change to the stored key is refused.
bound_plan sort_size(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.empty()) {
        return {};
    }
    std::string n(name);
    bool read_only = l.read_only;
    return ask_sizes(
        {a[0]},
        {"llen", "scard", "zcard"},
        [l, n, read_only](const std::vector<key_size>& s) -> std::optional<call_refusal> {
            if (read_only && s.at(0).alternative == 2 && s.at(0).n > 0) {
                return refused(
                    shown_name(n) +
                    " of a sorted set makes Redis convert the stored set to its skiplist encoding "
                    "(the key changes); this server is read_only: use ZRANGE"
                );
            }
            return over_items(
                l,
                n,
                s.at(0).n,
                "it loads and sorts all " + num(s.at(0).n) + " elements, even with LIMIT",
                "use LRANGE, SSCAN or ZRANGE for parts"
            );
        }
    );
}

constexpr option_rule georadius_rules[] = {
    {"withdist", 0},
    {"withhash", 0},
    {"withcoord", 0},
    {"any", 0},
    {"asc", 0},
    {"desc", 0},
    {"count", 1},
    {"store", 1},
    {"storedist", 1}};
constexpr option_rule georadius_ro_rules[] = {
    {"withdist", 0},
    {"withhash", 0},
    {"withcoord", 0},
    {"any", 0},
    {"asc", 0},
    {"desc", 0},
    {"count", 1}};
constexpr option_rule geosearch_rules[] = {
    {"withdist", 0},
    {"withhash", 0},
    {"withcoord", 0},
    {"any", 0},
    {"asc", 0},
    {"desc", 0},
    {"count", 1},
    {"frommember", 1},
    {"fromlonlat", 2},
    {"byradius", 2},
    {"bybox", 3}};
constexpr option_rule geosearchstore_rules[] = {
    {"any", 0},
    {"asc", 0},
    {"desc", 0},
    {"count", 1},
    {"storedist", 0},
    {"frommember", 1},
    {"fromlonlat", 2},
    {"byradius", 2},
    {"bybox", 3}};

// GEORADIUS* and GEOSEARCH* (georadiusGeneric): without COUNT the answer may be the whole
// sorted set.
bound_plan geo_search(const bound_limits& l, std::string_view name, const args_t& a) {
    std::size_t from = 1;
    std::size_t key = 0;
    std::span<const option_rule> rules = geosearch_rules;
    if (name == "georadius" || name == "georadius_ro") {
        from = 5;
        rules = name == "georadius" ? std::span<const option_rule>(georadius_rules)
                                    : std::span<const option_rule>(georadius_ro_rules);
    } else if (name == "georadiusbymember" || name == "georadiusbymember_ro") {
        from = 4;
        rules = name == "georadiusbymember" ? std::span<const option_rule>(georadius_rules)
                                            : std::span<const option_rule>(georadius_ro_rules);
    } else if (name == "geosearchstore") {
        from = 2;
        key = 1;
        rules = geosearchstore_rules;
    }
    if (a.size() <= key) {
        return {};
    }
    auto scan = scan_options(a, from, rules);
    auto counts = values_of(a, scan, "count");
    if (auto e = check_counts(l, name, a, counts, "COUNT")) {
        return refuse_now(*e);
    }
    if (!counts.empty()) {
        return {};
    }
    std::string n(name);
    return ask_sizes({a[key]}, {"zcard"}, [l, n](const std::vector<key_size>& s) {
        return over_items(
            l,
            n,
            s.at(0).n,
            "without COUNT it may return all " + num(s.at(0).n) + " members",
            "add COUNT n (at most " + num(l.max_items) + ")"
        );
    });
}

// LCS fills an (a + 1) x (b + 1) table of 4-byte cells (t_string.c).
bound_plan lcs_size(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.size() < 2) {
        return {};
    }
    std::string n(name);
    return ask_sizes(
        {a[0], a[1]},
        {"strlen"},
        [l, n](const std::vector<key_size>& s) -> std::optional<call_refusal> {
            auto cells = (s.at(0).n + 1) * (s.at(1).n + 1);
            if (cells <= l.max_lcs_cells) {
                return std::nullopt;
            }
            return refused(
                shown_name(n) + ": the strings are " + num(s.at(0).n) + " and " + num(s.at(1).n) +
                " bytes; Redis would fill a table of " + num(cells) +
                " cells, more than max_lcs_cells (" + num(l.max_lcs_cells) + ")"
            );
        }
    );
}

// DUMP serialises the whole value in Redis's memory before sending it.
bound_plan dump_size(const bound_limits& l, std::string_view name, const args_t& a) {
    if (a.empty()) {
        return {};
    }
    std::string n(name);
    return ask(
        {"memory", "usage", a[0]},
        [l, n](const std::vector<key_size>& s) -> std::optional<call_refusal> {
            if (s.at(0).n <= l.max_reply_bytes) {
                return std::nullopt;
            }
            return refused(
                shown_name(n) + ": the value takes about " + num(s.at(0).n) +
                " bytes (MEMORY USAGE), more than max_reply_bytes (" + num(l.max_reply_bytes) + ")"
            );
        }
    );
}

// MEMORY USAGE key [SAMPLES n]: SAMPLES 0 walks every element.
bound_plan memory_samples(const bound_limits& l, std::string_view name, const args_t& a) {
    auto scan = scan_options(a, 2, {{"samples", 1}});
    for (auto i : values_of(a, scan, "samples")) {
        if (auto e = check_count(l, name, a, i, "SAMPLES")) {
            return refuse_now(*e);
        }
        if (a[i] == "0") {
            return refuse_now(refused(
                shown_name(name) +
                    " SAMPLES 0 reads every element of the value; give SAMPLES "
                    "n (at most max_count, " +
                    num(l.max_count) + ")",
                i
            ));
        }
    }
    return {};
}

const std::map<std::string, planner, std::less<>>& planners() {
    static const std::map<std::string, planner, std::less<>> table{
        {"srandmember", random_count},
        {"hrandfield", random_count},
        {"zrandmember", random_count},
        {"spop", pop_count},
        {"lpop", pop_count},
        {"rpop", pop_count},
        {"zpopmin", pop_count},
        {"zpopmax", pop_count},
        {"lmpop", mpop_count},
        {"blmpop", mpop_count},
        {"zmpop", mpop_count},
        {"bzmpop", mpop_count},
        {"scan", scan_count},
        {"sscan", scan_count},
        {"hscan", scan_count},
        {"zscan", scan_count},
        {"xrange", stream_range},
        {"xrevrange", stream_range},
        {"xread", stream_read},
        {"xreadgroup", stream_read},
        {"xinfo|stream", stream_info},
        {"xpending", stream_pending},
        {"xautoclaim", stream_autoclaim},
        {"lpos", list_pos},
        {"lrange", list_range},
        {"zrange", sorted_range},
        {"zrangestore", sorted_range},
        {"zrevrange", sorted_range},
        {"zrangebyscore", sorted_range},
        {"zrevrangebyscore", sorted_range},
        {"zrangebylex", sorted_range},
        {"zrevrangebylex", sorted_range},
        {"smembers", whole_set},
        {"hgetall", whole_hash},
        {"hkeys", whole_hash},
        {"hvals", whole_hash},
        {"sinter", set_algebra},
        {"sunion", set_algebra},
        {"sdiff", set_algebra},
        {"sinterstore", set_algebra},
        {"sunionstore", set_algebra},
        {"sdiffstore", set_algebra},
        {"sintercard", set_algebra},
        {"zunion", sorted_algebra},
        {"zinter", sorted_algebra},
        {"zdiff", sorted_algebra},
        {"zunionstore", sorted_algebra},
        {"zinterstore", sorted_algebra},
        {"zdiffstore", sorted_algebra},
        {"zintercard", sorted_algebra},
        {"sort", sort_size},
        {"sort_ro", sort_size},
        {"georadius", geo_search},
        {"georadius_ro", geo_search},
        {"georadiusbymember", geo_search},
        {"georadiusbymember_ro", geo_search},
        {"geosearch", geo_search},
        {"geosearchstore", geo_search},
        {"lcs", lcs_size},
        {"dump", dump_size},
        {"memory|usage", memory_samples},
    };
    return table;
}

}  // namespace

bound_plan plan_bounds(
    const bound_limits& limits,
    std::string_view name,
    const std::vector<std::string>& args
) {
    const auto& table = planners();
    auto it = table.find(name);
    if (it == table.end()) {
        return {};
    }
    return it->second(limits, name, args);
}

}  // namespace mcpgw::backends::redis
