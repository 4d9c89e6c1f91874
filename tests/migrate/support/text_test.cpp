// Text helpers: slugs for file names, password masking, "did you mean".
#include "migrate/support/text.hpp"

#include <gtest/gtest.h>

#include "migrate/support/error.hpp"

namespace {

using namespace migrate;

TEST(Text, SlugKeepsLettersAndDigitsOnly) {
    EXPECT_EQ(text::slug("Add priority to agents!"), "add_priority_to_agents");
    EXPECT_EQ(text::slug("  initial   schema "), "initial_schema");
    EXPECT_EQ(text::slug("!!!"), "revision");
    EXPECT_LE(text::slug(std::string(100, 'a')).size(), 40u);
    EXPECT_EQ(text::slug("a/../../etc/passwd"), "a_etc_passwd");
}

TEST(Text, MaskPasswordHidesOnlyThePassword) {
    EXPECT_EQ(text::mask_password("postgresql://app:secret@db/app"), "postgresql://app:***@db/app");
    EXPECT_EQ(text::mask_password("postgresql://app@db:5432/app"), "postgresql://app@db:5432/app");
    EXPECT_EQ(text::mask_password("error near postgres://u:p%40ss@h:1/d ok"),
              "error near postgres://u:***@h:1/d ok");
    EXPECT_EQ(text::mask_password("sqlite:///var/a.db"), "sqlite:///var/a.db");
    EXPECT_EQ(text::mask_password("postgresql://app:p@ss@db/app"), "postgresql://app:***@db/app");
}

TEST(Text, SplitJoinTrim) {
    EXPECT_EQ(text::split("a,b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
    EXPECT_EQ(text::join({"a", "b"}, ", "), "a, b");
    EXPECT_EQ(text::trim("  x y \n"), "x y");
}

TEST(Error, NearestSuggestsCloseWordsOnly) {
    std::vector<std::string> ops{"create_table", "drop_table", "add_column"};
    EXPECT_EQ(nearest("create_tabel", ops), "create_table");
    EXPECT_EQ(nearest("add_colum", ops), "add_column");
    EXPECT_EQ(nearest("something_else_entirely", ops), "");
}

TEST(Error, ContextAndHintsAccumulate) {
    Error e(ErrorKind::migration, "boom");
    e.add_context("file a.yaml:3")
        .add_context("sql: SELECT")
        .add_hint("fix it")
        .set_sqlstate("42P01");
    EXPECT_EQ(e.context().size(), 2u);
    EXPECT_EQ(e.hints().front(), "fix it");
    EXPECT_EQ(e.sqlstate(), "42P01");
    EXPECT_EQ(e.kind(), ErrorKind::migration);
}

// libpq's keyword form is masked too, quoted values included.
TEST(Text, MaskPasswordInKeywordStrings) {
    using migrate::text::mask_password;
    EXPECT_EQ(mask_password("host=db password=secret dbname=app"),
              "host=db password=*** dbname=app");
    EXPECT_EQ(mask_password("password = 'a b\\'c' host=x"), "password = *** host=x");
    EXPECT_EQ(mask_password("mypassword=kept"), "mypassword=kept");
}

}  // namespace
