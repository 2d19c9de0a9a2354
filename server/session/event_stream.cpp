#include "event_stream.hpp"

#include <protocol/sse.hpp>

#include <algorithm>
#include <charconv>

namespace mcpgw::server {

event_stream::event_stream(
    boost::asio::any_io_executor ex,
    std::string id,
    std::size_t replay_limit
)
    : id_(std::move(id)),
      replay_limit_(replay_limit),
      pending_limit_(std::max<std::size_t>(replay_limit, 1024)),
      wake_(std::move(ex)) {
    wake_.expires_at(boost::asio::steady_timer::time_point::max());
}

void event_stream::push(std::string data, std::string event_name) {
    if (finished_) {
        return;
    }
    std::uint64_t seq = next_seq_++;
    buffer_.push_back({seq, std::move(event_name), std::move(data)});
    // Undelivered events are kept up to a hard cap; past it the oldest go, and an attached
    // writer is ended so its client resumes and learns (404) that events were lost.
    while (buffer_.size() - delivered_in_buffer() > pending_limit_) {
        buffer_.pop_front();
        overflowed_ = overflowed_ || attached_;
    }
    wake();
}

std::size_t event_stream::delivered_in_buffer() const {
    if (buffer_.empty() || delivered_ < buffer_.front().seq) {
        return 0;
    }
    return static_cast<std::size_t>(delivered_ - buffer_.front().seq + 1);
}

void event_stream::trim_delivered() {
    while (delivered_in_buffer() > replay_limit_) {
        buffer_.pop_front();
    }
}

void event_stream::finish() {
    finished_ = true;
    wake();
}

void event_stream::detach_writer() {
    // Also before any writer attached: the POST answer then opens the stream only to end it.
    detach_requested_ = true;
    wake();
}

bool event_stream::attach(std::uint64_t after_seq) {
    if (attached_) {
        return false;
    }
    std::uint64_t oldest = buffer_.empty() ? next_seq_ : buffer_.front().seq;
    if (after_seq + 1 < oldest || after_seq >= next_seq_) {
        return false;  // events were dropped from the buffer, or the id is from the future
    }
    attached_ = true;
    detach_requested_ = false;
    overflowed_ = false;
    delivered_ = after_seq;
    return true;
}

void event_stream::release() {
    attached_ = false;
    detach_requested_ = false;
}

std::string event_stream::take_pending() {
    std::string out;
    for (const auto& e : buffer_) {
        if (e.seq > delivered_) {
            out += protocol::sse::event(id_ + "_" + std::to_string(e.seq), e.name, e.data);
            delivered_ = e.seq;
        }
    }
    delivered_ = next_seq_ - 1;
    trim_delivered();
    return out;
}

void event_stream::wake() {
    ++changes_;
    wake_.cancel();
}

std::optional<std::pair<std::string, std::uint64_t>> event_stream::parse_event_id(
    const std::string& id
) {
    auto pos = id.rfind('_');
    if (pos == std::string::npos || pos == 0 || pos + 1 >= id.size()) {
        return std::nullopt;
    }
    std::uint64_t seq = 0;
    const char* first = id.data() + pos + 1;
    const char* last = id.data() + id.size();
    auto [ptr, ec] = std::from_chars(first, last, seq);
    if (ec != std::errc() || ptr != last) {
        return std::nullopt;
    }
    return std::make_pair(id.substr(0, pos), seq);
}

}  // namespace mcpgw::server
