// What a FastAPI user expects of the HTTP layer, and the OpenAPI document, on each dialect.
#pragma once

#include <cstdlib>
#include <fstream>

#include "studio/routes.hpp"
#include "tests/studio/served_api.hpp"
#include "tests/support/run_cli.hpp"

namespace studio_testing {

TEST_P(ServedTest, request_ids_locations_allow_head_total_sort_and_unknown_parameters) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    // X-Request-ID: kept when given, made when not, and in the request's log line.
    Reply given = api.call("GET", "/api/v1/crews", std::string(), {{"X-Request-ID", "req-abc.1"}});
    EXPECT_EQ(given.header("X-Request-ID"), "req-abc.1");
    Reply made = api.call("GET", "/api/v1/crews");
    EXPECT_EQ(made.header("X-Request-ID").size(), 16u);
    Reply junk = api.call("GET", "/api/v1/crews", std::string(), {{"X-Request-ID", "bad id\"<>"}});
    EXPECT_EQ(junk.header("X-Request-ID").size(), 16u);  // replaced, not echoed
    // Location on 201, pointing at the row.
    std::vector<std::string> ids;
    for (const char* name : {"beta", "alpha", "gamma"}) {
        Reply r = api.call("POST", "/api/v1/crews", json{{"name", name}});
        ASSERT_EQ(r.status, 201);
        EXPECT_EQ(r.header("Location"), "/api/v1/crews/" + r.body["id"].get<std::string>());
        EXPECT_EQ(api.call("GET", r.header("Location")).body, r.body);
        ids.push_back(r.body["id"]);
    }
    // Allow on 405, for a method httplib knows and one it does not.
    Reply put = api.call("PUT", "/api/v1/crews/" + ids[0], json{{"name", "x"}});
    expect_reply(put, 405, "method_not_allowed");
    EXPECT_EQ(put.header("Allow"), "GET, HEAD, PATCH, DELETE, OPTIONS");
    testing_support::RawConnection trace(api.port());
    trace.send(testing_support::request_text("TRACE", "/api/v1/crews", api.port()));
    auto traced = trace.read_response();
    EXPECT_EQ(traced.status, 405);
    EXPECT_EQ(traced.header("allow"), "GET, HEAD, POST, OPTIONS");
    // HEAD where GET is: the same headers, no body.
    Reply head = api.call("HEAD", "/api/v1/crews/" + ids[0]);
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.is_null());
    EXPECT_EQ(head.header("Content-Type"), "application/json");
    EXPECT_EQ(api.call("HEAD", "/healthz").status, 200);
    // Lists carry the total; sort= takes indexed columns only.
    Reply page = api.call("GET", "/api/v1/crews?limit=1&sort=-name");
    EXPECT_EQ(page.body["total"], 3);
    ASSERT_EQ(page.body["items"].size(), 1u);
    EXPECT_EQ(page.body["items"][0]["name"], "gamma");
    Reply asc = api.call("GET", "/api/v1/crews?sort=name");
    EXPECT_EQ(asc.body["items"][0]["name"], "alpha");
    expect_reply(api.call("GET", "/api/v1/crews?sort=description"), 400, "validation_error");
    Reply unknown = api.call("GET", "/api/v1/crews?limt=5&colour=red");
    expect_reply(unknown, 400, "validation_error");
    EXPECT_EQ(unknown.body["error"]["details"]["errors"].size(), 2u) << unknown.body.dump();
    expect_reply(api.call("GET", "/api/v1/crews/" + ids[0] + "?verbose=1"), 400,
                 "validation_error");
    expect_reply(api.call("GET", "/api/v1/crews?limit=1&limit=2"), 400, "validation_error");
    // OPTIONS without a preflight names what the route allows.
    httplib::Client c("127.0.0.1", api.port());
    auto options = c.Options("/api/v1/crews/" + ids[0]);
    ASSERT_TRUE(options);
    EXPECT_EQ(options->status, 204);
    EXPECT_EQ(options->get_header_value("Allow"), "GET, HEAD, PATCH, DELETE, OPTIONS");
    EXPECT_EQ(api.process().stop(), 0);
    EXPECT_NE(api.process().err().find("[req-abc.1] GET /api/v1/crews 200"), std::string::npos)
        << api.process().err();
}

TEST_P(ServedTest, openapi_json_is_a_valid_3_1_document_naming_every_route) {
    ServedApi api(GetParam());
    ASSERT_TRUE(api.ok()) << api.process().err();
    httplib::Client c("127.0.0.1", api.port());
    auto r = c.Get("/openapi.json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    json doc = json::parse(r->body);
    EXPECT_EQ(doc["openapi"], "3.1.0");
    // An OpenAPI validator from the npm registry (script/bootstrap installs it).
    std::string validator =
        CREWSTUDIO_SOURCE_DIR "/tests/studio/openapi/node_modules/.bin/validate-api";
    ASSERT_TRUE(std::filesystem::exists(validator)) << "run script/bootstrap to install it";
    auto file = api.dir() / "openapi.json";
    std::ofstream(file) << r->body;
    auto out = api.dir() / "validator.out";
    int rc =
        std::system((validator + " " + file.string() + " > " + out.string() + " 2>&1").c_str());
    EXPECT_EQ(rc, 0) << testing_support::read_file(out);
    EXPECT_EQ(json::parse(testing_support::read_file(out), nullptr, false)["valid"], true)
        << testing_support::read_file(out);
    // Every route the server answers is in the document, with each of its methods.
    for (const auto& route : studio::route_table(studio::metadata())) {
        for (const auto& method : route.methods) {
            std::string m = method;
            for (char& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            EXPECT_TRUE(doc["paths"][route.path].contains(m)) << method << " " << route.path;
        }
        std::string sample = route.path;
        if (auto at = sample.find("{id}"); at != std::string::npos)
            sample.replace(at, 4, "00000000-0000-4000-8000-000000000000");
        auto answered = c.Get(sample);
        ASSERT_TRUE(answered);
        EXPECT_NE(answered->status, 405) << sample;
        EXPECT_NE(json::parse(answered->body, nullptr, false)["error"]["message"],
                  "no route for " + sample);
    }
    // A schema per model, from the metadata.
    const json& crews = doc["components"]["schemas"]["Crews"]["properties"];
    EXPECT_EQ(crews["name"]["maxLength"], 100);
    EXPECT_EQ(crews["process"]["enum"], json({"sequential", "hierarchical"}));
    EXPECT_EQ(crews["status"]["enum"], json({"idle", "running", "paused", "completed", "failed"}));
    EXPECT_EQ(crews["description"]["type"], json({"string", "null"}));
    EXPECT_EQ(crews["execution_count"]["maximum"], 2147483647);
    EXPECT_EQ(crews["last_execution_at"]["format"], json({"date-time"})[0]);
    EXPECT_EQ(doc["components"]["schemas"]["AgentsCreate"]["required"],
              json({"name", "role", "goal"}));
    EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
    EXPECT_EQ(doc["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
}

}  // namespace studio_testing
