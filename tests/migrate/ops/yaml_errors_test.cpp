// Malformed operations fail as revision-file errors that name the key, the op and file:line.
#include <gtest/gtest.h>

#include "migrate/ops/yaml.hpp"
#include "migrate/support/error.hpp"

namespace migrate::ops {
namespace {

Error read_error(const std::string& text) {
    try {
        read_revision_ops(YAML::Load(text), "v.yaml");
    } catch (const Error& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a migrate::Error: " << e.what();
        return Error(ErrorKind::usage, "");
    }
    ADD_FAILURE() << "no error for:\n" << text;
    return Error(ErrorKind::usage, "");
}

bool has_hint(const Error& e, const std::string& hint) {
    for (const auto& h : e.hints())
        if (h == hint) return true;
    return false;
}

std::string where(const Error& e) {
    return e.context().empty() ? "" : e.context().front();
}

TEST(YamlErrors, unknown_operation_suggests_the_nearest) {
    Error e = read_error(
        "- rename_table: {from: a, to: b}\n"
        "- create_tabel: {name: t}\n");
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_EQ(e.message(), "unknown operation 'create_tabel'");
    EXPECT_TRUE(has_hint(e, "did you mean 'create_table'?"));
    EXPECT_EQ(where(e), "v.yaml:2");
}

TEST(YamlErrors, unknown_operation_far_from_any_has_no_hint) {
    Error e = read_error("- frobnicate: {}\n");
    EXPECT_EQ(e.message(), "unknown operation 'frobnicate'");
    EXPECT_TRUE(e.hints().empty());
}

TEST(YamlErrors, unknown_key_suggests_the_nearest) {
    Error e = read_error(
        "- create_table:\n"
        "    name: t\n"
        "    colums: []\n");
    EXPECT_EQ(e.message(), "unknown key 'colums' in create_table");
    EXPECT_TRUE(has_hint(e, "did you mean 'columns'?"));
    EXPECT_EQ(where(e), "v.yaml:3");
}

TEST(YamlErrors, unknown_key_in_a_nested_column) {
    Error e = read_error(
        "- add_column:\n"
        "    table: t\n"
        "    column:\n"
        "      name: a\n"
        "      type: text\n"
        "      nulable: false\n");
    EXPECT_EQ(e.message(), "unknown key 'nulable' in add_column column");
    EXPECT_TRUE(has_hint(e, "did you mean 'nullable'?"));
    EXPECT_EQ(where(e), "v.yaml:6");
}

TEST(YamlErrors, unknown_type_suggests_the_nearest) {
    Error e = read_error(
        "- create_table:\n"
        "    name: t\n"
        "    columns:\n"
        "      - {name: a, type: integer}\n"
        "      - {name: b, type: strng(10)}\n");
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_NE(e.message().find("strng"), std::string::npos) << e.message();
    EXPECT_TRUE(has_hint(e, "did you mean 'string'?"));
    EXPECT_EQ(where(e), "v.yaml:5");
}

TEST(YamlErrors, bad_type_arguments) {
    Error e = read_error("- add_column: {table: t, column: {name: a, type: string(abc)}}\n");
    EXPECT_NE(e.message().find("string(abc)"), std::string::npos) << e.message();
    EXPECT_EQ(where(e), "v.yaml:1");
}

TEST(YamlErrors, map_where_a_list_is_expected) {
    Error e = read_error(
        "- create_table:\n"
        "    name: t\n"
        "    columns: {name: a, type: text}\n");
    EXPECT_EQ(e.message(), "'columns' in create_table must be a list, got a map");
    EXPECT_EQ(where(e), "v.yaml:3");
}

TEST(YamlErrors, nullable_must_be_a_bool) {
    Error e = read_error(
        "- add_column:\n"
        "    table: t\n"
        "    column: {name: a, type: text, nullable: maybe}\n");
    EXPECT_EQ(e.message(), "'nullable' in add_column column must be true or false, got 'maybe'");
    EXPECT_EQ(where(e), "v.yaml:3");
    // A quoted "false" is a string, not a bool.
    e = read_error("- create_index: {name: i, table: t, columns: [a], unique: \"false\"}\n");
    EXPECT_EQ(e.message(), "'unique' in create_index must be true or false, got 'false'");
}

TEST(YamlErrors, string_fields_reject_lists_maps_and_null) {
    EXPECT_EQ(read_error("- rename_table: {from: [a], to: b}\n").message(),
              "'from' in rename_table must be a string, got a list");
    EXPECT_EQ(read_error("- rename_table: {from: a, to: {x: 1}}\n").message(),
              "'to' in rename_table must be a string, got a map");
    EXPECT_EQ(read_error("- rename_table: {from: a, to: }\n").message(),
              "'to' in rename_table must be a string, got null");
    EXPECT_EQ(read_error("- create_index: {name: i, table: t, columns: [[a]]}\n").message(),
              "create_index columns[0] must be a column name or a map such as {expression: "
              "\"lower(email)\"}, got a list");
}

TEST(YamlErrors, missing_keys_name_the_key_and_op) {
    Error e = read_error(
        "- create_table:\n"
        "    columns: []\n");
    EXPECT_EQ(e.message(), "missing key 'name' in create_table");
    EXPECT_EQ(where(e), "v.yaml:2");
    EXPECT_EQ(read_error("- add_column: {table: t}\n").message(),
              "missing key 'column' in add_column");
    EXPECT_EQ(read_error("- alter_column: {table: t, column: a}\n").message(),
              "missing key 'to' in alter_column");
    EXPECT_EQ(read_error("- add_column: {table: t, column: {name: a}}\n").message(),
              "missing key 'type' in add_column column");
    EXPECT_EQ(read_error("- add_foreign_key: {table: t, name: f, columns: [a]}\n").message(),
              "missing key 'referred_table' in add_foreign_key");
}

TEST(YamlErrors, duplicate_keys) {
    Error e = read_error("- rename_table: {from: a, to: b, from: c}\n");
    EXPECT_EQ(e.message(), "duplicate key 'from' in rename_table");
}

TEST(YamlErrors, operation_shape) {
    EXPECT_EQ(read_error("create_table: {}\n").message(), "operations must be a list, got a map");
    EXPECT_EQ(read_error("- create_table\n").message(),
              "an operation must be a map with one key, like {create_table: {...}}, got "
              "'create_table'");
    EXPECT_EQ(read_error("- {rename_table: {from: a, to: b}, execute: {sql: x}}\n").message(),
              "an operation must be a map with one key, like {create_table: {...}}, got a map "
              "with 2 keys");
    EXPECT_EQ(read_error("- rename_table: [a, b]\n").message(),
              "rename_table must be a map, got a list");
    EXPECT_EQ(read_error("- drop_table:\n").message(), "drop_table must be a map, got null");
}

TEST(YamlErrors, bulk_insert_rows_must_match_columns) {
    Error e = read_error(
        "- bulk_insert:\n"
        "    table: t\n"
        "    columns: [a, b]\n"
        "    rows:\n"
        "      - [1, 2]\n"
        "      - [3]\n");
    EXPECT_EQ(e.message(), "bulk_insert rows[1] has 1 values for 2 columns");
    EXPECT_EQ(where(e), "v.yaml:6");
    EXPECT_EQ(read_error("- bulk_insert: {table: t, columns: [a], rows: [[{x: 1}]]}\n").message(),
              "values in bulk_insert rows[0] must be scalars, got a map");
    EXPECT_EQ(read_error("- bulk_insert: {table: t, columns: [a], rows: [1]}\n").message(),
              "bulk_insert rows[0] must be a list, got '1'");
}

TEST(YamlErrors, line_numbers_point_into_later_operations) {
    Error e = read_error(
        "# a comment\n"
        "- rename_table: {from: a, to: b}\n"
        "\n"
        "- create_table:\n"
        "    name: t\n"
        "    columns:\n"
        "      - name: a\n"
        "        type: text\n"
        "      - name: b\n"
        "        type: text\n"
        "        autoincrement: 7\n");
    EXPECT_EQ(e.message(),
              "'autoincrement' in create_table columns[1] must be true or false, got '7'");
    EXPECT_EQ(where(e), "v.yaml:11");
}

TEST(YamlErrors, nested_drop_objects_are_checked) {
    Error e = read_error(
        "- drop_table:\n"
        "    name: t\n"
        "    table:\n"
        "      columns:\n"
        "        - {name: a, type: text, comentt: x}\n");
    EXPECT_EQ(e.message(), "unknown key 'comentt' in drop_table table columns[0]");
    EXPECT_TRUE(has_hint(e, "did you mean 'comment'?"));
    EXPECT_EQ(where(e), "v.yaml:5");
}

TEST(YamlErrors, read_table_reports_errors_too) {
    try {
        read_table(YAML::Load("{name: t}"), "r.yaml");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "missing key 'columns' in table");
        EXPECT_EQ(e.context().front(), "r.yaml:1");
    }
}

TEST(YamlErrors, nodes_built_in_code_report_the_source) {
    YAML::Node ops;
    YAML::Node op;
    op["drop_tabel"]["name"] = "t";
    ops.push_back(op);
    try {
        read_ops(ops, "generated");
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "unknown operation 'drop_tabel'");
        EXPECT_EQ(e.context().front(), "generated");
    }
}

TEST(YamlErrors, yaml_cpp_exceptions_become_revision_file_errors) {
    const YAML::Node doc = YAML::Load("a: 1\n");
    try {
        read_op(doc["missing"], "z.yaml");  // a zombie node: yaml-cpp throws InvalidNode
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::revision_file);
        EXPECT_EQ(e.message().rfind("invalid YAML: ", 0), 0u) << e.message();
        EXPECT_EQ(e.context().front(), "z.yaml");
    }
}

// Mistakes inside one table or one revision are reported when the file is read (exit 5 with
// the line), not when the SQL fails during an upgrade (exit 4).
TEST(YamlErrors, create_table_without_columns) {
    Error e = read_error(
        "- execute: {sql: SELECT 1}\n"
        "- create_table: {name: t, columns: []}\n");
    EXPECT_EQ(e.kind(), ErrorKind::revision_file);
    EXPECT_EQ(e.message(), "table t has no columns");
    EXPECT_EQ(where(e), "v.yaml:2");
}

TEST(YamlErrors, duplicate_column_in_create_table) {
    Error e = read_error(
        "- create_table:\n"
        "    name: t\n"
        "    columns:\n"
        "      - {name: id, type: integer}\n"
        "      - {name: id, type: text}\n");
    EXPECT_EQ(e.message(),
              "duplicate column 'id' in table t (create_table columns[1] repeats create_table "
              "columns[0])");
    EXPECT_EQ(where(e), "v.yaml:5");
}

TEST(YamlErrors, keys_and_indexes_on_columns_the_table_lacks) {
    Error ix = read_error(
        "- create_table:\n"
        "    name: t\n"
        "    columns: [{name: email, type: text}]\n"
        "    indexes: [{name: ix_t_mail, columns: [emial]}]\n");
    EXPECT_EQ(ix.message(),
              "create_table indexes[0] names column 'emial', which table t does not have");
    EXPECT_TRUE(has_hint(ix, "did you mean 'email'?"));
    EXPECT_EQ(where(ix), "v.yaml:4");
    Error pk = read_error(
        "- create_table: {name: t, columns: [{name: id, type: integer}], primary_key: {columns: "
        "[uid]}}\n");
    EXPECT_EQ(pk.message(),
              "create_table primary_key names column 'uid', which table t does not have");
    Error fk = read_error(
        "- create_table: {name: t, columns: [{name: id, type: integer}], foreign_keys: "
        "[{columns: [p], referred_table: p, referred_columns: [id]}]}\n");
    EXPECT_EQ(fk.message(),
              "create_table foreign_keys[0] names column 'p', which table t does not have");
}

TEST(YamlErrors, add_column_that_the_revision_already_created) {
    Error e = read_error(
        "- create_table: {name: t, columns: [{name: id, type: integer}, {name: n, type: text}]}\n"
        "- add_column: {table: t, column: {name: n, type: text}}\n");
    EXPECT_EQ(e.message(),
              "add_column adds column 'n' to table t, which already has it (from v.yaml:1)");
    EXPECT_EQ(where(e), "v.yaml:2");
    Error ix = read_error(
        "- create_table: {name: t, columns: [{name: id, type: integer}]}\n"
        "- rename_table: {from: t, to: u}\n"
        "- create_index: {name: ix_u_n, table: u, columns: [n]}\n");
    EXPECT_EQ(ix.message(),
              "create_index ix_u_n names column 'n', which table u (created in this revision) "
              "does not have");
    EXPECT_EQ(where(ix), "v.yaml:3");
    Error twice = read_error(
        "- create_table: {name: t, columns: [{name: id, type: integer}]}\n"
        "- create_table: {name: t, columns: [{name: id, type: integer}]}\n");
    EXPECT_EQ(twice.message(),
              "create_table creates table t, which this revision already created (at v.yaml:1)");
}

TEST(YamlErrors, sequences_that_are_fine_stay_fine) {
    // Dropped then re-added, renamed then re-added, and anything after raw SQL.
    EXPECT_NO_THROW(
        read_ops(YAML::Load("- create_table: {name: t, columns: [{name: id, type: integer}, "
                            "{name: n, type: text}]}\n"
                            "- drop_column: {table: t, name: n}\n"
                            "- add_column: {table: t, column: {name: n, type: text}}\n"
                            "- alter_column: {table: t, column: n, to: {name: m}}\n"
                            "- add_column: {table: t, column: {name: n, type: text}}\n"
                            "- create_index: {name: ix, table: t, columns: [m, n]}\n"
                            "- execute: {sql: ALTER TABLE t ADD COLUMN z int}\n"
                            "- add_column: {table: t, column: {name: n, type: text}}\n"),
                 "v.yaml"));
}

TEST(YamlErrors, identity_that_cannot_be) {
    auto column = [](const std::string& body) {
        return "- add_column:\n    table: t\n    column: {name: id, type: integer, " + body + "}\n";
    };
    Error e = read_error(column("identity: sometimes"));
    EXPECT_NE(e.message().find("must be always, by default or a map"), std::string::npos)
        << e.message();
    EXPECT_EQ(where(e), "v.yaml:3");
    e = read_error(column("identity: always, nullable: true"));
    EXPECT_NE(e.message().find("cannot be nullable"), std::string::npos) << e.message();
    e = read_error(column("identity: {increment: 0}"));
    EXPECT_NE(e.message().find("cannot be 0"), std::string::npos) << e.message();
    e = read_error(column("identity: {start: ten}"));
    EXPECT_NE(e.message().find("must be a whole number"), std::string::npos) << e.message();
    e = read_error(column("identity: {strat: 1}"));
    EXPECT_TRUE(has_hint(e, "did you mean 'start'?")) << e.message();
    e = read_error(column("identity: always, server_default: '1'"));
    EXPECT_NE(e.message().find("no autoincrement, generated or server_default"), std::string::npos)
        << e.message();
}

}  // namespace
}  // namespace migrate::ops
