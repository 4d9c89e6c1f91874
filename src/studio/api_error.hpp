// studio::ApiError: a failure the HTTP layer reports as {"error": {code, message, details}}.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace studio {

// Storage throws these for what the client did wrong; anything else is a 500.
class ApiError : public std::runtime_error {
  public:
    ApiError(int status, std::string code, const std::string& message,
             nlohmann::json details = nlohmann::json::object())
        : std::runtime_error(message),
          status_(status),
          code_(std::move(code)),
          details_(std::move(details)) {}

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const nlohmann::json& details() const { return details_; }

  private:
    int status_;
    std::string code_;
    nlohmann::json details_;
};

inline ApiError bad_field(const std::string& field, const std::string& message) {
    return ApiError(400, "validation_error", field + ": " + message, {{"field", field}});
}

inline ApiError not_found(const std::string& table, const std::string& id) {
    return ApiError(404, "not_found", "no " + table + " row with id " + id,
                    {{"resource", table}, {"id", id}});
}

}  // namespace studio
