// The OpenAPI 3.1 document of the API, generated from the route table and the metadata.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "studio/routes.hpp"

namespace studio {

class Storage;

// Every route and method (HEAD beside GET), a schema per model as read, created and updated
// (types, nullability, lengths, integer ranges, enums, read-only generated fields), the list
// and error shapes, and the bearer scheme (required on /api/v1 when authenticating).
nlohmann::json openapi_document(const std::vector<Route>& routes, const Storage& storage,
                                bool authenticating);

}  // namespace studio
