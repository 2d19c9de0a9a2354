// SSE framing (protocol/sse.hpp): data lines, field sanitising, priming event, comments.

#include <protocol/sse.hpp>

#include <string>

#include <gtest/gtest.h>

namespace {

namespace sse = mcpgw::protocol::sse;

struct event_case {
    const char* id;
    const char* name;
    std::string data;
    const char* wire;
};

TEST(SseEvent, Framing) {
    const event_case cases[] = {
        {"", "", "hello", "data: hello\n\n"},
        {"", "", "", "data: \n\n"},
        {"7", "", "{}", "id: 7\ndata: {}\n\n"},
        {"", "message", "x", "event: message\ndata: x\n\n"},
        {"7", "message", "x", "id: 7\nevent: message\ndata: x\n\n"},
        // Every line terminator ends a data line: LF, CRLF and a lone CR.
        {"", "", "a\nb", "data: a\ndata: b\n\n"},
        {"", "", "a\r\nb", "data: a\ndata: b\n\n"},
        {"", "", "a\rb", "data: a\ndata: b\n\n"},
        {"", "", "a\n\nb", "data: a\ndata: \ndata: b\n\n"},
        {"", "", "a\r\rb", "data: a\ndata: \ndata: b\n\n"},
        {"", "", "a\n", "data: a\ndata: \n\n"},
        {"", "", "\r\n\r\n", "data: \ndata: \ndata: \n\n"},
        {"", "", "a\n\rb", "data: a\ndata: \ndata: b\n\n"},
        // Newlines in id / event would end the field early: they are dropped.
        {"1\n2", "", "d", "id: 12\ndata: d\n\n"},
        {"1\r\n2", "ev\rent\n", "d", "id: 12\nevent: event\ndata: d\n\n"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(sse::event(c.id, c.name, c.data), c.wire)
            << "id=" << c.id << " event=" << c.name << " data=" << c.data;
    }
}

TEST(SseEvent, DataKeepsOtherBytes) {
    std::string data = std::string("a\0b", 3) + " \xE2\x82\xAC: x";
    EXPECT_EQ(sse::event("", "", data), "data: " + data + "\n\n");
}

TEST(SsePriming, Format) {
    EXPECT_EQ(sse::priming("abc", 3000), "id: abc\nretry: 3000\ndata: \n\n");
    EXPECT_EQ(sse::priming("s-1/0", 0), "id: s-1/0\nretry: 0\ndata: \n\n");
    EXPECT_EQ(sse::priming("a\nb", 5), "id: ab\nretry: 5\ndata: \n\n");
}

TEST(SseComment, Format) {
    EXPECT_EQ(sse::comment("ping"), ": ping\n\n");
    EXPECT_EQ(sse::comment(""), ": \n\n");
    EXPECT_EQ(sse::comment("a\nb\rc"), ": abc\n\n");
}

}  // namespace
