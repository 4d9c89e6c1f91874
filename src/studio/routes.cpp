// route_table and match_route: templates with one {id} placeholder, matched by segment.
#include "studio/routes.hpp"

#include <algorithm>

namespace studio {

namespace {

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        if (end > start) out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::vector<std::string> list_parameters(const migrate::schema::Table& t, bool under_crew) {
    std::vector<std::string> q = {"limit", "offset", "sort"};
    if (t.find_column("status")) q.push_back("status");
    if (t.find_column("crew_id") && !under_crew) q.push_back("crew_id");
    return q;
}

}  // namespace

std::vector<Route> route_table(const migrate::schema::MetaData& metadata) {
    std::vector<Route> routes = {
        {"/healthz", RouteKind::health, "", {"GET"}, {}},
        {"/openapi.json", RouteKind::openapi, "", {"GET"}, {}},
    };
    for (const auto& t : metadata.tables) {
        routes.push_back({"/api/v1/" + t.name,
                          RouteKind::collection,
                          t.name,
                          {"GET", "POST"},
                          list_parameters(t, false)});
        routes.push_back({"/api/v1/" + t.name + "/{id}",
                          RouteKind::item,
                          t.name,
                          {"GET", "PATCH", "DELETE"},
                          {}});
    }
    for (const char* child : {"agents", "tasks", "executions"}) {
        const auto* t = metadata.find_table(child);
        if (!t) continue;
        std::vector<std::string> methods = {"GET"};
        if (t->name == "executions") methods.push_back("POST");
        routes.push_back({"/api/v1/crews/{id}/" + t->name, RouteKind::children, t->name, methods,
                          list_parameters(*t, true)});
    }
    return routes;
}

std::optional<RouteMatch> match_route(const std::vector<Route>& routes, const std::string& path) {
    auto parts = segments(path);
    for (const auto& route : routes) {
        auto pattern = segments(route.path);
        if (pattern.size() != parts.size()) continue;
        RouteMatch m{&route, ""};
        bool fits = true;
        for (std::size_t i = 0; i < parts.size() && fits; ++i) {
            if (pattern[i] == "{id}")
                m.id = parts[i];
            else
                fits = pattern[i] == parts[i];
        }
        if (fits) return m;
    }
    return std::nullopt;
}

bool allows(const Route& route, const std::string& method) {
    if (method == "OPTIONS") return true;
    const auto& m = route.methods;
    if (method == "HEAD") return std::find(m.begin(), m.end(), "GET") != m.end();
    return std::find(m.begin(), m.end(), method) != m.end();
}

std::string allow_header(const Route& route) {
    std::string out;
    for (const auto& m : route.methods) {
        out += (out.empty() ? "" : ", ") + m;
        if (m == "GET") out += ", HEAD";
    }
    return out + ", OPTIONS";
}

}  // namespace studio
