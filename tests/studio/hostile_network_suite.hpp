// Slow, idle and interrupted clients against the served binary, on each dialect.
#pragma once

#include <chrono>
#include <thread>

#include "tests/studio/served_api.hpp"

namespace studio_testing {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

TEST_P(ServedTest, sixty_four_slow_clients_leave_healthz_answering_within_a_second) {
    ServedApi api(GetParam(), {"--read-timeout", "2"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    std::vector<std::unique_ptr<testing_support::RawConnection>> slow;
    for (int i = 0; i < 64; ++i) {
        slow.push_back(std::make_unique<testing_support::RawConnection>(api.port()));
        ASSERT_TRUE(slow.back()->send("GET /api/v1/crews HTTP/1.1\r\n"));
    }
    auto started = Clock::now();
    // A header line every 300 ms from each, for longer than the read timeout allows.
    std::thread dribble([&] {
        for (int round = 0; round < 10; ++round) {
            for (auto& c : slow) c->send("X-Slow-" + std::to_string(round) + ": 1\r\n");
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    });
    for (int i = 0; i < 5; ++i) {
        auto t = Clock::now();
        EXPECT_EQ(api.call("GET", "/healthz").status, 200);
        EXPECT_LT(seconds_since(t), 1.0) << "healthz #" << i;  // the promise under load
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    dribble.join();
    // The read timeout is for the whole request, not per line: every slow one was cut off.
    int closed = 0;
    for (auto& c : slow) closed += c->closed_within(std::chrono::milliseconds(500));
    EXPECT_EQ(closed, 64);
    EXPECT_LT(seconds_since(started), 8.0);  // cut off at the 2 s read timeout, not waited for
    EXPECT_EQ(api.call("GET", "/api/v1/crews").status, 200);
}

TEST_P(ServedTest, idle_keep_alive_connections_give_way_to_new_clients) {
    ServedApi api(GetParam(), {"--workers", "8", "--keep-alive-timeout", "30"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    std::vector<std::unique_ptr<testing_support::RawConnection>> idle;
    for (int i = 0; i < 8; ++i) {
        idle.push_back(std::make_unique<testing_support::RawConnection>(api.port()));
        idle.back()->send(testing_support::request_text("GET", "/healthz", api.port()));
        ASSERT_EQ(idle.back()->read_response().status, 200);
    }
    // Every worker now holds an idle connection that may stay 30 s; a new client is served
    // at once, by closing the longest-idle one.
    for (int i = 0; i < 3; ++i) {
        auto t = Clock::now();
        EXPECT_EQ(api.call("GET", "/api/v1/crews").status, 200);
        EXPECT_LT(seconds_since(t), 2.0) << "request #" << i;
    }
    int closed = 0;
    for (auto& c : idle) closed += c->closed_within(std::chrono::milliseconds(100));
    EXPECT_GE(closed, 1);
    EXPECT_LE(closed, 8);
}

TEST_P(ServedTest, pipelined_requests_on_one_connection_are_all_answered) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    testing_support::RawConnection c(api.port());
    std::string body = json{{"name", "piped"}}.dump();
    c.send(testing_support::request_text("POST", "/api/v1/crews", api.port(),
                                         "Content-Type: application/json\r\n", body) +
           testing_support::request_text("GET", "/api/v1/crews", api.port()) +
           testing_support::request_text("GET", "/healthz", api.port()));
    EXPECT_EQ(c.read_response().status, 201);
    auto listed = c.read_response();
    EXPECT_EQ(listed.status, 200);
    EXPECT_EQ(json::parse(listed.body, nullptr, false)["total"], 1) << listed.body;
    EXPECT_EQ(c.read_response().status, 200);
}

TEST_P(ServedTest, a_head_of_endless_header_lines_is_cut_off) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    testing_support::RawConnection c(api.port());
    std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (int i = 0; i < 4000; ++i)
        head += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'x') + "\r\n";
    c.send(head + "\r\n");
    auto r = c.read_response(std::chrono::seconds(5));
    EXPECT_TRUE(r.status == 400 || r.status == 0) << r.status;  // refused, or closed
    EXPECT_TRUE(c.closed_within(std::chrono::seconds(5)));
    EXPECT_EQ(api.call("GET", "/healthz").status, 200);
}

TEST_P(ServedTest, sigterm_answers_the_requests_in_flight_then_exits_0) {
    ServedApi api(GetParam(), {"--keep-alive-timeout", "30"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    testing_support::RawConnection idle(api.port());
    idle.send(testing_support::request_text("GET", "/healthz", api.port()));
    ASSERT_EQ(idle.read_response().status, 200);
    // A create whose body is half sent when the signal comes.
    std::string body = json{{"name", "in flight"}}.dump();
    testing_support::RawConnection busy(api.port());
    std::string request = testing_support::request_text("POST", "/api/v1/crews", api.port(),
                                                        "Content-Type: application/json\r\n", body);
    std::size_t half = request.size() - body.size() / 2;
    busy.send(request.substr(0, half));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto signalled = Clock::now();
    api.process().terminate();
    // The idle keep-alive connection closes at once; no new connection is accepted.
    EXPECT_TRUE(idle.closed_within(std::chrono::seconds(2)));
    EXPECT_LT(seconds_since(signalled), 2.0);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(api.call("GET", "/healthz").status, -1);
    busy.send(request.substr(half));
    auto r = busy.read_response();
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_EQ(api.process().wait(), 0) << api.process().err();
    EXPECT_EQ(api.sql("SELECT name FROM crews"), "in flight");
    EXPECT_NE(api.process().err().find("finishing the requests in flight"), std::string::npos);
}

}  // namespace studio_testing
