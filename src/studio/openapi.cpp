// openapi_document: paths from routes, component schemas from the model's columns.
#include "studio/openapi.hpp"

#include <cstdint>

#include "migrate/support/text.hpp"
#include "studio/field_rules.hpp"
#include "studio/storage.hpp"

namespace studio {

namespace {

using migrate::schema::Column;
using migrate::schema::Table;
using migrate::schema::TypeKind;
using nlohmann::json;

std::string schema_name(const std::string& table, const std::string& suffix = "") {
    std::string out = table;
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out + suffix;
}

json schema_ref(const std::string& name) {
    return {{"$ref", "#/components/schemas/" + name}};
}

json column_schema(const Table& t, const Column& c) {
    json s = json::object();
    auto bounds = [&](std::int64_t lo, std::int64_t hi, const char* format) {
        s = {{"type", "integer"}, {"format", format}, {"minimum", lo}, {"maximum", hi}};
    };
    switch (c.type.kind) {
        case TypeKind::smallint:
            bounds(INT16_MIN, INT16_MAX, "int32");
            break;
        case TypeKind::integer:
            bounds(INT32_MIN, INT32_MAX, "int32");
            break;
        case TypeKind::bigint:
            bounds(INT64_MIN, INT64_MAX, "int64");
            break;
        case TypeKind::boolean:
            s = {{"type", "boolean"}};
            break;
        case TypeKind::float_:
        case TypeKind::numeric:
            s = {{"type", "number"}};
            break;
        case TypeKind::datetime:
            s = {{"type", "string"}, {"format", "date-time"}};
            break;
        case TypeKind::uuid:
            s = {{"type", "string"}, {"format", "uuid"}};
            break;
        case TypeKind::json:
            break;  // any JSON value
        default:
            s = {{"type", "string"}};
            if (c.type.length > 0) s["maxLength"] = c.type.length;
            if (auto values = allowed_values(t, c); !values.empty()) s["enum"] = values;
    }
    if (c.nullable && s.contains("type")) {
        s["type"] = json::array({s["type"], "null"});
        if (s.contains("enum")) s["enum"].push_back(nullptr);
    }
    if (c.comment) s["description"] = *c.comment;
    if (service_generated(t, c)) s["readOnly"] = true;
    return s;
}

// The row as read (every column), as created (required: not null without a default) and as
// updated (every field optional).
void table_schemas(const Table& t, json& schemas) {
    json all = json::object(), writable = json::object(), required = json::array();
    for (const auto& c : t.columns) {
        all[c.name] = column_schema(t, c);
        if (service_generated(t, c)) continue;
        writable[c.name] = column_schema(t, c);
        if (!c.nullable && !c.server_default) required.push_back(c.name);
    }
    schemas[schema_name(t.name)] = {
        {"type", "object"}, {"properties", all}, {"required", json::array()}};
    for (const auto& c : t.columns) schemas[schema_name(t.name)]["required"].push_back(c.name);
    schemas[schema_name(t.name, "Create")] = {{"type", "object"},
                                              {"properties", writable},
                                              {"required", required},
                                              {"additionalProperties", false}};
    schemas[schema_name(t.name, "Update")] = {
        {"type", "object"}, {"properties", writable}, {"additionalProperties", false}};
    schemas[schema_name(t.name, "List")] = {
        {"type", "object"},
        {"required", {"items", "total", "limit", "offset"}},
        {"properties",
         {{"items", {{"type", "array"}, {"items", schema_ref(schema_name(t.name))}}},
          {"total", {{"type", "integer"}, {"minimum", 0}}},
          {"limit", {{"type", "integer"}}},
          {"offset", {{"type", "integer"}}}}}};
}

json error_schema() {
    return {{"type", "object"},
            {"required", {"error"}},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"required", {"code", "message", "details"}},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"details", {{"type", "object"}}}}}}}}}};
}

json response(const std::string& description, const json& schema = nullptr) {
    json r = {{"description", description}};
    if (!schema.is_null()) r["content"] = {{"application/json", {{"schema", schema}}}};
    return r;
}

json query_parameter(const Storage& storage, const Route& route, const std::string& name) {
    const Table& t = *storage.metadata().find_table(route.table);
    json schema;
    if (name == "limit")
        schema = {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 50}};
    else if (name == "offset")
        schema = {{"type", "integer"}, {"minimum", 0}, {"default", 0}};
    else if (name == "sort")
        schema = {{"type", "string"},
                  {"description", "comma-separated columns, '-' for descending; one of: " + [&] {
                       std::string s;
                       for (const auto& c : storage.sortable_columns(t.name))
                           s += (s.empty() ? "" : ", ") + c;
                       return s;
                   }()}};
    else
        schema = column_schema(t, *t.find_column(name));
    return {{"name", name}, {"in", "query"}, {"required", false}, {"schema", schema}};
}

json operation(const Storage& storage, const Route& route, const std::string& method) {
    json op = {{"operationId", method + route.path}, {"responses", json::object()}};
    std::string row = route.table.empty() ? "" : schema_name(route.table);
    json& r = op["responses"];
    bool read = method == "get" || method == "head";
    if (route.kind == RouteKind::health) {
        r["200"] = response("the database is at the head revision", {{"type", "object"}});
        r["503"] = response("the database is not at the head revision", {{"type", "object"}});
        return op;
    }
    if (route.kind == RouteKind::openapi) {
        r["200"] = response("this document", {{"type", "object"}});
        return op;
    }
    if (route.path.find("{id}") != std::string::npos)
        op["parameters"] = {
            {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}}};
    bool list = read && route.kind != RouteKind::item;
    if (list)
        for (const auto& q : route.query)
            op["parameters"].push_back(query_parameter(storage, route, q));
    if (method == "post" || method == "patch") {
        std::string body = route.kind == RouteKind::children ? "ExecutionQueue"
                           : method == "post"                ? row + "Create"
                                                             : row + "Update";
        op["requestBody"] = {{"required", true},
                             {"content", {{"application/json", {{"schema", schema_ref(body)}}}}}};
    }
    if (list)
        r["200"] = response("a page of rows", schema_ref(row + "List"));
    else if (read || method == "patch")
        r["200"] = response("the row", schema_ref(row));
    else if (method == "post")
        r["201"] = response("the row created", schema_ref(row));
    else
        r["204"] = response("deleted");
    for (const auto& [code, why] : std::vector<std::pair<std::string, std::string>>{
             {"400", "invalid request"},
             {"401", "no valid bearer token"},
             {"403", "origin not allowed, or a read-only token's write"},
             {"404", "not found"},
             {"405", "method not allowed"},
             {"409", "conflict"},
             {"413", "body over 1 MiB"},
             {"415", "body not application/json"},
             {"422", "check constraint violated"},
             {"503", "database busy or unreachable"}})
        r[code] = response(why, schema_ref("Error"));
    return op;
}

}  // namespace

json openapi_document(const std::vector<Route>& routes, const Storage& storage,
                      bool authenticating) {
    json schemas = {{"Error", error_schema()}};
    for (const auto& t : storage.metadata().tables) table_schemas(t, schemas);
    schemas["ExecutionQueue"] = {
        {"type", "object"},
        {"additionalProperties", false},
        {"properties",
         {{"inputs", json::object()},
          {"trigger", schemas["ExecutionsCreate"]["properties"]["trigger"]},
          {"workflow_id", schemas["ExecutionsCreate"]["properties"]["workflow_id"]}}}};
    json paths = json::object();
    for (const auto& route : routes) {
        json item = json::object();
        for (const auto& m : route.methods) {
            std::string method = migrate::text::lower(m);
            item[method] = operation(storage, route, method);
            if (method == "get") {
                item["head"] = operation(storage, route, "head");
            }
            bool api = route.kind != RouteKind::health && route.kind != RouteKind::openapi;
            if (api && authenticating) {
                item[method]["security"] = {{{"bearerAuth", json::array()}}};
                if (method == "get") item["head"]["security"] = item[method]["security"];
            }
        }
        paths[route.path] = item;
    }
    return {{"openapi", "3.1.0"},
            {"info",
             {{"title", "crewstudio"},
              {"version", "1"},
              {"description", "The CrewAI Studio API, generated from the models."}}},
            {"paths", paths},
            {"components",
             {{"schemas", schemas},
              {"securitySchemes", {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace studio
