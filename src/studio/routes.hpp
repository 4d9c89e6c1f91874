// The API's routes as data: what the dispatcher matches, Allow lists and OpenAPI documents.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/schema/table.hpp"

namespace studio {

enum class RouteKind {
    health,      // GET /healthz
    openapi,     // GET /openapi.json
    collection,  // GET (list), POST (create) /api/v1/{table}
    item,        // GET, PATCH, DELETE /api/v1/{table}/{id}
    children,    // GET /api/v1/crews/{id}/{table}; POST on executions queues one
};

struct Route {
    std::string path;  // a template: /api/v1/crews/{id}/agents
    RouteKind kind;
    std::string table;                 // the rows it serves (children: the child table)
    std::vector<std::string> methods;  // as declared; HEAD goes with GET, OPTIONS with all
    std::vector<std::string> query;    // the query parameters it accepts
};

// Every route, built from the metadata: one collection and one item route per table, the
// crew's agents, tasks and executions, /healthz and /openapi.json.
std::vector<Route> route_table(const migrate::schema::MetaData& metadata);

struct RouteMatch {
    const Route* route = nullptr;
    std::string id;  // the {id} segment, if the template has one
};

// The route whose template the path fits, segment by segment; nullopt when none does.
std::optional<RouteMatch> match_route(const std::vector<Route>& routes, const std::string& path);

// Whether the route answers method (HEAD where GET is; OPTIONS everywhere).
bool allows(const Route& route, const std::string& method);
// The Allow header: "GET, HEAD, POST, OPTIONS".
std::string allow_header(const Route& route);

}  // namespace studio
