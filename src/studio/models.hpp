// The studio's five models (workflows, crews, agents, tasks, executions) as migrate metadata.
#pragma once

#include <string>
#include <vector>

#include "migrate/schema/table.hpp"

namespace studio {

// The schema of the CrewAI Studio spec (shared/spec/crewai_studio_models.py), column for
// column, with the spec's constraint names. Tables come in foreign-key order. Built afresh on
// each call; autogenerate compares it with the live database.
migrate::schema::MetaData metadata();

// The values the spec names for a column only in its comment, with no check constraint in the
// database (crews.process: sequential or hierarchical; executions.trigger: manual, api or
// schedule): the API refuses others. Empty for every other column.
std::vector<std::string> declared_values(const std::string& table, const std::string& column);

}  // namespace studio
