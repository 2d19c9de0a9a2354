#pragma once
// Bounds on the work one Redis call asks of the server, decided before it is sent (issue 10).
// Redis runs one command at a time: SRANDMEMBER key -80000000 made it build an 80-million-entry
// reply and stalled every other client for seconds, LCS of two 11 kB strings filled a
// 480 MB table. The access check says which commands may run; this says how much of one.
//
//  - Count arguments are bounded by `max_count` (COUNT options, the counts of SRANDMEMBER /
//    HRANDFIELD / ZRANDMEMBER, whose negative counts repeat members and so are bounded by
//    their absolute value, pops, LIMIT counts, MEMORY USAGE SAMPLES): refused above it.
//  - Spans (LRANGE / ZRANGE indexes) within `max_count` run as they are; a span that depends
//    on the length (0 -1) or is wider is checked against the collection's size.
//  - Whole-collection reads (SMEMBERS, HGETALL, HKEYS, HVALS, SINTER / SUNION / SDIFF,
//    ZUNION..., SORT, XRANGE without COUNT, GEOSEARCH without COUNT...) first ask the size
//    (SCARD, HLEN, LLEN, ZCARD, ZCOUNT, XLEN: one pipelined round trip on the call's own
//    connection) and are refused when the reply would hold more than `max_items` entries.
//  - LCS first asks STRLEN of both keys: (a + 1) x (b + 1) cells must be <= max_lcs_cells.
//    DUMP first asks MEMORY USAGE: at most max_reply_bytes.
//
// Arguments are read the way Redis reads them (arguments.hpp). Sans-I/O: plan_bounds() says
// what to ask, the plan's judge decides from the answers; redis_source does the I/O.

#include "reply.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcpgw::backends::redis {

struct bound_limits {
    std::size_t max_count = 10'000;
    std::size_t max_items = 1000;
    std::uint64_t max_lcs_cells = 1'000'000;
    std::size_t max_reply_bytes = 4 * 1024 * 1024;
    bool read_only = true;
};

/// Why a call is not sent: a tool error with this code (refused, invalid_argument, or
/// backend_error when a size check met Redis's own error, e.g. WRONGTYPE).
struct call_refusal {
    std::string_view code;
    std::string message;
    std::optional<std::size_t> index;  // args[index] is at fault, when one is
};

using size_judge =
    std::function<std::optional<call_refusal>(const std::vector<redis_value>& answers)>;

struct bound_plan {
    std::optional<call_refusal> refused;           // refused without asking Redis
    std::vector<std::vector<std::string>> probes;  // else ask these first, in one round trip
    size_judge judge;                              // then this decides (set with probes)
};

/// `name` as the access check resolved it ("smembers", "xinfo|stream"); `args` as sent (for
/// a container command args[0] is the subcommand).
bound_plan plan_bounds(
    const bound_limits& limits,
    std::string_view name,
    const std::vector<std::string>& args
);

}  // namespace mcpgw::backends::redis
