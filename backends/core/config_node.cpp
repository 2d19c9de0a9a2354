#include "config_node.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <span>

namespace mcpgw::backends {

namespace {

// Secrets are small; a cap keeps ${file:/dev/zero} from eating the process.
constexpr std::size_t max_interpolated_file_bytes = 1024 * 1024;

std::string type_name(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Scalar:
            return "a scalar";
        case YAML::NodeType::Null:
            return "null";
        case YAML::NodeType::Undefined:
            break;
    }
    return "nothing";
}

std::string join_path(const std::string& parent, std::string_view key) {
    if (parent.empty()) {
        return std::string(key);
    }
    return parent + "." + std::string(key);
}

std::string trim(std::string_view s) {
    auto is_space = [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) != 0;
    };
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return std::string(s);
}

bool valid_env_name(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())) != 0) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    });
}

std::string read_secret_file(const std::string& path) {
    if (path.empty()) {
        throw config_error("${file:...} needs a path");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        // Name the path (the user wrote it) but never the contents.
        throw config_error("cannot read file '" + path + "': " + std::strerror(errno));
    }
    std::string data;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        data.append(buf, static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_interpolated_file_bytes) {
            throw config_error("file '" + path + "' is larger than 1 MiB");
        }
    }
    if (in.bad()) {
        throw config_error("cannot read file '" + path + "'");
    }
    if (data.ends_with("\r\n")) {
        data.resize(data.size() - 2);
    } else if (data.ends_with('\n')) {
        data.pop_back();
    }
    return data;
}

std::string expand_one(std::string_view expr) {
    if (expr.starts_with("file:")) {
        return read_secret_file(std::string(expr.substr(5)));
    }
    std::string_view name = expr;
    std::optional<std::string_view> fallback;
    if (auto pos = expr.find(":-"); pos != std::string_view::npos) {
        name = expr.substr(0, pos);
        fallback = expr.substr(pos + 2);
    }
    if (!valid_env_name(name)) {
        throw config_error("invalid variable name '" + std::string(name) + "' in ${...}");
    }
    const char* value = std::getenv(std::string(name).c_str());
    // Shell semantics: ${NAME:-x} also applies when NAME is set but empty.
    if (fallback && (value == nullptr || *value == '\0')) {
        return std::string(*fallback);
    }
    if (value == nullptr) {
        throw config_error("environment variable " + std::string(name) + " is not set");
    }
    return value;
}

// A value to quote in an error. When interpolation changed it, quote what the user wrote
// instead: the expanded text may be a secret.
std::string shown_value(const YAML::Node& node, const std::string& value) {
    const std::string& raw = node.Scalar();
    std::string shown = raw == value ? value : raw;
    if (shown.size() > 60) {
        shown = shown.substr(0, 57) + "...";
    }
    return "'" + shown + "'";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// Parses "<digits>" with an optional leading '-'; nullopt on garbage or overflow.
std::optional<std::int64_t> parse_int(std::string_view s) {
    std::int64_t v = 0;
    const char* first = s.data();
    const char* last = s.data() + s.size();
    if (first != last && *first == '+') {
        ++first;
    }
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc{} || ptr != last || first == last) {
        return std::nullopt;
    }
    return v;
}

}  // namespace

std::string interpolate(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text.substr(i).starts_with("$${")) {
            out += "${";
            i += 3;
            continue;
        }
        if (text.substr(i).starts_with("${")) {
            auto close = text.find('}', i + 2);
            if (close == std::string_view::npos) {
                throw config_error("unterminated '${' (missing '}')");
            }
            // Expanded text is not scanned again, so a secret containing "${" stays literal.
            out += expand_one(text.substr(i + 2, close - i - 2));
            i = close + 1;
            continue;
        }
        out += text[i];
        ++i;
    }
    return out;
}

config_node::config_node(YAML::Node node, std::string file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

int config_node::line() const {
    auto mark = node_.Mark();
    return mark.line < 0 ? 0 : mark.line + 1;
}

bool config_node::is_map() const {
    return node_.IsMap();
}

bool config_node::is_sequence() const {
    return node_.IsSequence();
}

void config_node::fail(std::string_view message) const {
    std::string text = file_;
    if (int l = line(); l > 0) {
        text += ":" + std::to_string(l);
    }
    text += ": ";
    if (!path_.empty()) {
        text += path_ + ": ";
    }
    text += message;
    throw config_error(text);
}

namespace {

// Finds `key` in a map node; null nodes count as an empty map (`listen:` with nothing below).
// Returns the key node and the value node.
std::optional<std::pair<YAML::Node, YAML::Node>>
find_key(const config_node& n, std::string_view key) {
    const YAML::Node& y = n.yaml();
    if (y.IsNull() || !y.IsDefined()) {
        return std::nullopt;
    }
    if (!y.IsMap()) {
        n.fail("expected a map, got " + type_name(y));
    }
    for (auto it = y.begin(); it != y.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key) {
            return std::make_pair(it->first, it->second);
        }
    }
    return std::nullopt;
}

}  // namespace

bool config_node::has(std::string_view key) const {
    if (!node_.IsMap()) {
        return false;
    }
    return find_key(*this, key).has_value();
}

config_node config_node::child(std::string_view key) const {
    auto found = find_key(*this, key);
    if (!found) {
        fail("missing required key '" + std::string(key) + "'");
    }
    return config_node(found->second, file_, join_path(path_, key));
}

std::optional<config_node> config_node::optional_child(std::string_view key) const {
    auto found = find_key(*this, key);
    if (!found) {
        return std::nullopt;
    }
    return config_node(found->second, file_, join_path(path_, key));
}

std::vector<config_node> config_node::elements() const {
    if (!node_.IsSequence()) {
        fail("expected a list, got " + type_name(node_));
    }
    std::vector<config_node> out;
    out.reserve(node_.size());
    for (std::size_t i = 0; i < node_.size(); ++i) {
        out.emplace_back(node_[i], file_, path_ + "[" + std::to_string(i) + "]");
    }
    return out;
}

std::string config_node::as_string() const {
    if (!node_.IsScalar()) {
        fail("expected a string, got " + type_name(node_));
    }
    try {
        return interpolate(node_.Scalar());
    } catch (const config_error& e) {
        fail(e.what());
    }
}

std::string config_node::required_string(std::string_view key) const {
    auto found = find_key(*this, key);
    if (!found) {
        fail("missing required key '" + std::string(key) + "'");
    }
    if (found->second.IsNull()) {
        // A null value's mark points past the key; the key's line is the useful one.
        config_node(found->first, file_, join_path(path_, key))
            .fail("expected a string, got nothing");
    }
    return config_node(found->second, file_, join_path(path_, key)).as_string();
}

namespace {

// The child to read for an optional_* accessor; an explicit null counts as absent.
std::optional<config_node> optional_value(const config_node& n, std::string_view key) {
    auto c = n.optional_child(key);
    if (c && c->yaml().IsNull()) {
        return std::nullopt;
    }
    return c;
}

}  // namespace

std::string config_node::optional_string(std::string_view key, std::string fallback) const {
    auto c = optional_value(*this, key);
    return c ? c->as_string() : fallback;
}

std::int64_t config_node::optional_int(
    std::string_view key,
    std::int64_t fallback,
    std::int64_t min,
    std::int64_t max
) const {
    auto c = optional_value(*this, key);
    if (!c) {
        return fallback;
    }
    std::string text = c->as_string();
    auto v = parse_int(trim(text));
    if (!v) {
        c->fail("expected an integer, got " + shown_value(c->yaml(), text));
    }
    if (*v < min || *v > max) {
        std::string range;
        if (max == std::numeric_limits<std::int64_t>::max()) {
            range = "must be at least " + std::to_string(min);
        } else {
            range = "must be between " + std::to_string(min) + " and " + std::to_string(max);
        }
        c->fail(range + ", got " + std::to_string(*v));
    }
    return *v;
}

bool config_node::optional_bool(std::string_view key, bool fallback) const {
    auto c = optional_value(*this, key);
    if (!c) {
        return fallback;
    }
    std::string text = c->as_string();
    std::string lower = trim(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) {
        return static_cast<char>(std::tolower(ch));
    });
    if (lower == "true" || lower == "yes" || lower == "on") {
        return true;
    }
    if (lower == "false" || lower == "no" || lower == "off") {
        return false;
    }
    c->fail("expected true or false, got " + shown_value(c->yaml(), text));
}

std::chrono::milliseconds
config_node::optional_duration(std::string_view key, std::chrono::milliseconds fallback) const {
    auto c = optional_value(*this, key);
    if (!c) {
        return fallback;
    }
    std::string text = c->as_string();
    std::string s = trim(text);
    auto bad = [&]() {
        c->fail(
            "expected a duration such as 30s, 500ms, 2m, 1h or a number of seconds, got " +
            shown_value(c->yaml(), text)
        );
    };
    if (s.starts_with('-')) {
        c->fail("a duration cannot be negative, got " + shown_value(c->yaml(), text));
    }
    std::size_t digits = 0;
    while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits])) != 0) {
        ++digits;
    }
    if (digits == 0) {
        bad();
    }
    auto number = parse_int(std::string_view(s).substr(0, digits));
    std::string unit = trim(std::string_view(s).substr(digits));
    std::int64_t factor = 0;
    if (unit.empty() || unit == "s") {
        factor = 1000;
    } else if (unit == "ms") {
        factor = 1;
    } else if (unit == "m") {
        factor = 60 * 1000;
    } else if (unit == "h") {
        factor = 60 * 60 * 1000;
    } else {
        bad();
    }
    if (!number || *number > std::numeric_limits<std::int64_t>::max() / factor) {
        c->fail("duration is too large: " + shown_value(c->yaml(), text));
    }
    return std::chrono::milliseconds(*number * factor);
}

access_mode config_node::optional_access(std::string_view key, access_mode fallback) const {
    auto c = optional_value(*this, key);
    if (!c) {
        return fallback;
    }
    std::string text = c->as_string();
    std::string s = trim(text);
    if (s == "read_only") {
        return access_mode::read_only;
    }
    if (s == "read_write") {
        return access_mode::read_write;
    }
    c->fail("expected read_only or read_write, got " + shown_value(c->yaml(), text));
}

std::vector<std::string> config_node::optional_string_list(std::string_view key) const {
    auto c = optional_value(*this, key);
    if (!c) {
        return {};
    }
    if (!c->is_sequence()) {
        c->fail("expected a list of strings, got " + type_name(c->yaml()));
    }
    std::vector<std::string> out;
    for (const auto& e : c->elements()) {
        out.push_back(e.as_string());
    }
    return out;
}

void config_node::check_keys(std::initializer_list<std::string_view> allowed) const {
    check_keys(std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

void config_node::check_keys(std::span<const std::string_view> allowed) const {
    if (node_.IsNull() || !node_.IsDefined()) {
        return;
    }
    if (!node_.IsMap()) {
        fail("expected a map, got " + type_name(node_));
    }
    std::vector<std::pair<std::string, int>> seen;  // key, line: yaml-cpp keeps duplicates
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        if (!it->first.IsScalar()) {
            config_node(it->first, file_, path_)
                .fail("keys must be strings, got " + type_name(it->first));
        }
        const std::string& key = it->first.Scalar();
        config_node at(it->first, file_, join_path(path_, key));
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string message = "unknown key '" + key + "' (allowed: ";
            std::string_view closest;
            std::size_t best = 3;  // suggest only near misses
            bool first = true;
            for (auto a : allowed) {
                message += first ? "" : ", ";
                message += a;
                first = false;
                if (auto d = edit_distance(key, a); d < best) {
                    best = d;
                    closest = a;
                }
            }
            message += ")";
            if (!closest.empty()) {
                message += "; did you mean '" + std::string(closest) + "'?";
            }
            at.fail(message);
        }
        for (const auto& [k, l] : seen) {
            if (k == key) {
                at.fail("duplicate key '" + key + "' (first at line " + std::to_string(l) + ")");
            }
        }
        seen.emplace_back(key, at.line());
    }
}

}  // namespace mcpgw::backends
