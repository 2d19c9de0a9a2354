#include "arguments.hpp"

#include "command_table.hpp"

#include <map>
#include <set>
#include <sstream>

namespace mcpgw::backends::redis {
namespace {

struct token_row {
    const char* command;
    const char* words;
};

constexpr token_row recorded_tokens[] = {
#include "recorded_tokens.inc"
};

struct token_table {
    std::map<std::string, std::set<std::string, std::less<>>, std::less<>> by_command;
    std::set<std::string, std::less<>> all;
};

const token_table& tokens() {
    static const token_table table = [] {
        token_table t;
        for (const auto& row : recorded_tokens) {
            std::istringstream in(row.words);
            auto& words = t.by_command[row.command];
            for (std::string w; in >> w;) {
                words.insert(w);
                t.all.insert(w);
            }
        }
        return t;
    }();
    return table;
}

}  // namespace

std::string option_word(std::string_view arg) {
    std::string out;
    for (char c : arg) {
        if (c == '\0') {
            break;
        }
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

bool is_word(std::string_view arg, std::string_view word) {
    // Same as option_word(arg) == word, without the copy: strcasecmp up to the NUL.
    std::size_t i = 0;
    for (; i < arg.size() && arg[i] != '\0'; ++i) {
        char c = arg[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (i >= word.size() || c != word[i]) {
            return false;
        }
    }
    return i == word.size();
}

std::optional<std::int64_t> redis_integer(std::string_view arg) {
    // string2ll: at most 20 characters, "0" alone, else [-][1-9][0-9]*, no overflow.
    if (arg.empty() || arg.size() >= 21) {
        return std::nullopt;
    }
    if (arg == "0") {
        return 0;
    }
    bool negative = arg.front() == '-';
    auto digits = negative ? arg.substr(1) : arg;
    if (digits.empty() || digits.front() < '1' || digits.front() > '9') {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        auto d = static_cast<std::uint64_t>(c - '0');
        if (v > (UINT64_MAX - d) / 10) {
            return std::nullopt;
        }
        v = v * 10 + d;
    }
    constexpr auto max = static_cast<std::uint64_t>(INT64_MAX);
    if (negative) {
        if (v > max + 1) {
            return std::nullopt;
        }
        return v == max + 1 ? INT64_MIN : -static_cast<std::int64_t>(v);
    }
    if (v > max) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(v);
}

bool nul_disguised(std::string_view arg) {
    auto nul = arg.find('\0');
    return nul != std::string_view::npos && nul > 0;
}

bool documented_option(std::string_view command, std::string_view word) {
    const auto& t = tokens();
    if (auto it = t.by_command.find(command); it != t.by_command.end()) {
        return it->second.contains(word);
    }
    if (command_table::builtin().find(command) != nullptr) {
        return false;  // Redis 7.0 knows the command and documents no option words for it
    }
    return t.all.contains(word);  // newer than the recorded table: any documented word
}

std::vector<std::size_t> option_scan::values_of(std::string_view word) const {
    std::vector<std::size_t> out;
    for (const auto& h : hits) {
        if (h.word == word) {
            out.push_back(h.index + 1);
        }
    }
    return out;
}

bool option_scan::has(std::string_view word) const {
    for (const auto& h : hits) {
        if (h.word == word) {
            return true;
        }
    }
    return false;
}

option_scan scan_options(
    const std::vector<std::string>& args,
    std::size_t from,
    std::span<const option_rule> rules
) {
    option_scan out;
    for (std::size_t i = from; i < args.size(); ++i) {
        std::size_t left = args.size() - i - 1;
        const option_rule* match = nullptr;
        for (const auto& r : rules) {
            // Redis tests the word and the count of arguments left together: a word without
            // its values falls through to the syntax error.
            if (left >= r.arity && is_word(args[i], r.word) && (!r.stop || left > 0)) {
                match = &r;
                break;
            }
        }
        if (match == nullptr) {
            out.complete = false;
            out.failed_at = i;
            return out;
        }
        out.hits.push_back({match->word, i});
        if (match->stop) {
            out.stopped_at = i;
            return out;
        }
        i += match->arity;
    }
    return out;
}

}  // namespace mcpgw::backends::redis
