// The host's `db` command words, kept for hints.
#include "migrate/support/command_name.hpp"

namespace migrate {

namespace {
std::string& words() {
    static std::string value = "migrate db";
    return value;
}
}  // namespace

const std::string& db_command() {
    return words();
}

void set_db_command(std::string value) {
    words() = std::move(value);
}

}  // namespace migrate
