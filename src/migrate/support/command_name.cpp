// The host's program name, kept for hints.
#include "migrate/support/command_name.hpp"

namespace migrate {

namespace {
std::string& name() {
    static std::string value = "migrate";
    return value;
}
}  // namespace

const std::string& program_name() {
    return name();
}

std::string db_command() {
    return name() + " db";
}

void set_program_name(std::string value) {
    name() = std::move(value);
}

}  // namespace migrate
