// The studio's five models (workflows, crews, agents, tasks, executions) as migrate metadata.
#pragma once

#include "migrate/schema/table.hpp"

namespace studio {

// The schema of the CrewAI Studio spec (shared/spec/crewai_studio_models.py), column for
// column, with the spec's constraint names. Tables come in foreign-key order. Built afresh on
// each call; autogenerate compares it with the live database.
migrate::schema::MetaData metadata();

}  // namespace studio
