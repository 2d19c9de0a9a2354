#include <server/session/event_stream.hpp>

#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

namespace mcpgw::server {
namespace {

struct EventStreamTest : ::testing::Test {
    boost::asio::io_context io;
};

TEST_F(EventStreamTest, EventsGetSequentialIdsAndAreDeliveredOnce) {
    event_stream s(io.get_executor(), "s7", 16);
    ASSERT_TRUE(s.attach(0));
    s.push(R"({"a":1})");
    s.push(R"({"b":2})");
    EXPECT_TRUE(s.has_pending());
    EXPECT_EQ(s.take_pending(), "id: s7_1\ndata: {\"a\":1}\n\nid: s7_2\ndata: {\"b\":2}\n\n");
    EXPECT_FALSE(s.has_pending());
    EXPECT_EQ(s.take_pending(), "");
}

TEST_F(EventStreamTest, EventNameIsWrittenForLegacyStreams) {
    event_stream s(io.get_executor(), "s1", 4);
    ASSERT_TRUE(s.attach(0));
    s.push("/messages?sessionId=x", "endpoint");
    EXPECT_EQ(s.take_pending(), "id: s1_1\nevent: endpoint\ndata: /messages?sessionId=x\n\n");
}

TEST_F(EventStreamTest, ResumingWriterGetsOnlyLaterEvents) {
    event_stream s(io.get_executor(), "s2", 16);
    for (int i = 0; i < 5; ++i) {
        s.push(std::to_string(i));
    }
    ASSERT_TRUE(s.attach(3));
    EXPECT_EQ(s.take_pending(), "id: s2_4\ndata: 3\n\nid: s2_5\ndata: 4\n\n");
}

TEST_F(EventStreamTest, OnlyOneWriterAtATime) {
    event_stream s(io.get_executor(), "s3", 16);
    ASSERT_TRUE(s.attach(0));
    EXPECT_FALSE(s.attach(0));
    s.release();
    EXPECT_TRUE(s.attach(0));
}

TEST_F(EventStreamTest, UndeliveredEventsAreKeptForALateWriter) {
    event_stream s(io.get_executor(), "s4", 3);
    for (int i = 0; i < 10; ++i) {
        s.push(std::to_string(i));
    }
    ASSERT_TRUE(s.attach(0)) << "nothing was delivered yet, so nothing may be lost";
    auto text = s.take_pending();
    EXPECT_NE(text.find("id: s4_1\n"), std::string::npos);
    EXPECT_NE(text.find("id: s4_10\n"), std::string::npos);
}

TEST_F(EventStreamTest, DeliveredEventsAreKeptOnlyUpToTheReplayBound) {
    event_stream s(io.get_executor(), "s4", 3);
    ASSERT_TRUE(s.attach(0));
    for (int i = 0; i < 10; ++i) {
        s.push(std::to_string(i));
    }
    (void)s.take_pending();
    s.release();
    EXPECT_FALSE(s.attach(2)) << "events 3..7 are gone from the replay buffer";
    EXPECT_FALSE(s.attach(11)) << "an id from the future";
    ASSERT_TRUE(s.attach(7));
    EXPECT_EQ(s.take_pending(), "id: s4_8\ndata: 7\n\nid: s4_9\ndata: 8\n\nid: s4_10\ndata: 9\n\n");
}

TEST_F(EventStreamTest, AWriterThatFallsTooFarBehindIsEnded) {
    event_stream s(io.get_executor(), "s8", 4);
    ASSERT_TRUE(s.attach(0));
    for (int i = 0; i < 1030; ++i) {
        s.push("x");
    }
    EXPECT_TRUE(s.overflowed());
    EXPECT_TRUE(s.detach_requested());
    s.release();
    EXPECT_FALSE(s.attach(0)) << "the first events were dropped: resuming from them is refused";
}

TEST_F(EventStreamTest, FinishedStreamTakesNoMoreEvents) {
    event_stream s(io.get_executor(), "s5", 4);
    s.push("x");
    s.finish();
    s.push("y");
    EXPECT_TRUE(s.finished());
    EXPECT_EQ(s.event_count(), 1u);
}

TEST_F(EventStreamTest, DetachRequestIsClearedByTheNextWriter) {
    event_stream s(io.get_executor(), "s6", 4);
    s.detach_writer();
    EXPECT_TRUE(s.detach_requested());
    ASSERT_TRUE(s.attach(0));
    EXPECT_FALSE(s.detach_requested());
}

TEST(EventIdParsing, AcceptsStreamAndSequence) {
    auto p = event_stream::parse_event_id("s12_34");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->first, "s12");
    EXPECT_EQ(p->second, 34u);
    EXPECT_TRUE(event_stream::parse_event_id("a_b_0"));
}

TEST(EventIdParsing, RejectsMalformedIds) {
    for (const char* bad :
         {"", "_", "s1", "s1_", "_5", "s1_x", "s1_5x", "s1_-1", "s1_99999999999999999999999"}) {
        EXPECT_FALSE(event_stream::parse_event_id(bad)) << bad;
    }
}

}  // namespace
}  // namespace mcpgw::server
