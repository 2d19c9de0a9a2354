#pragma once
// How Redis reads one argument, so that the gateway's checks read it the same way (issue 10):
//
//  - Option words (STORE, BLOCK, COUNT, LIMIT...) are compared with strcasecmp: ASCII case is
//    folded and the comparison ends at the first NUL byte. To Redis "STORE\0x" *is* STORE, so
//    a check that compares whole arguments can be walked past. option_word() gives the word
//    as Redis sees it.
//  - Integers go through string2ll (util.c): an optional '-', then digits with no leading
//    zero, nothing else (no '+', no spaces, no NUL), within a signed 64-bit value.
//  - Most commands read their optional tail with one loop: each argument is compared with
//    the option words the command knows; a word takes its values when enough arguments are
//    left, and anything else is a syntax error (Redis then runs nothing). scan_options() is
//    that loop.
//
// Other control bytes (CR, LF, TAB...) need no special care: Redis compares them as bytes.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::redis {

/// The argument as strcasecmp sees it: the bytes before the first NUL, ASCII lower case.
std::string option_word(std::string_view arg);

/// True when Redis would take `arg` for the option `word` (given in lower case).
bool is_word(std::string_view arg, std::string_view word);

/// The value Redis's string2ll reads from `arg`, or nullopt when Redis would refuse it.
std::optional<std::int64_t> redis_integer(std::string_view arg);

/// True when `arg` holds a NUL byte and the bytes before it spell a non-empty word: such an
/// argument compares equal to that word in Redis but not in a whole-string comparison.
bool nul_disguised(std::string_view arg);

/// True when `word` (lower case) is one of the option words Redis documents for `command`
/// ("sort", "client|kill"; recorded from Redis 7.0's COMMAND DOCS in recorded_tokens.inc).
/// A command the recorded table does not know is checked against every documented word.
bool documented_option(std::string_view command, std::string_view word);

struct option_rule {
    std::string_view word;  // lower case
    std::size_t arity = 0;  // values the word takes
    bool stop = false;      // ends the loop (XREAD's STREAMS); needs `arity` values after it
};

struct option_hit {
    std::string_view word;  // the rule's word
    std::size_t index = 0;  // where the word is in args; its values follow it
};

struct option_scan {
    std::vector<option_hit> hits;
    /// False when an argument matched no rule or a word lacked its values: Redis answers a
    /// syntax error there. `failed_at` is that argument's index.
    bool complete = true;
    std::size_t failed_at = 0;
    /// Index of the stop word, when one ended the loop.
    std::optional<std::size_t> stopped_at;

    /// Indexes of the values of every `word` found, first found first.
    std::vector<std::size_t> values_of(std::string_view word) const;
    bool has(std::string_view word) const;
};

/// Reads args[from..] the way Redis's option loops do: rules are tried in order.
option_scan scan_options(
    const std::vector<std::string>& args,
    std::size_t from,
    std::span<const option_rule> rules
);

inline option_scan scan_options(
    const std::vector<std::string>& args,
    std::size_t from,
    std::initializer_list<option_rule> rules
) {
    return scan_options(args, from, std::span<const option_rule>(rules.begin(), rules.size()));
}

}  // namespace mcpgw::backends::redis
