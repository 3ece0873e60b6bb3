package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.support.SourceStyle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The formatting rules of {@link SourceStyle} hold for every source file; `make format` fixes most of them. */
class SourceStyleTest {
    @Test
    void everySourceFileFollowsTheImportAndQualifiedNameRules() throws IOException {
        List<Path> files = SourceStyle.javaFiles(Path.of(""));
        List<String> problems = new ArrayList<>();
        for (Path file : files) problems.addAll(SourceStyle.problems(file, Files.readString(file, StandardCharsets.UTF_8)));
        assertEquals(List.of(), problems, "run `make format`");
    }

    @Test
    void findsUnsortedImportsAndInlineNamesButNotCommentsOrStrings() {
        String text = """
                package x;

                import java.util.List;
                import static java.util.Objects.requireNonNull;
                import java.io.File;

                /** java.util.Map in a comment is fine */
                class A {
                    String s = "java.util.Map in a string is fine";
                    java.util.Set<String> set = new java.util.HashSet<>();
                }
                """;
        assertEquals(List.of(
                "A.java:3: imports are not static-then-others, each in ASCII order",
                "A.java:10: inline qualified name java.util.Set: import it",
                "A.java:10: inline qualified name java.util.HashSet: import it"), SourceStyle.problems(Path.of("A.java"), text));
    }

    @Test
    void fixImportsInlineNamesAndSortsUnlessTheSimpleNameIsTaken() {
        String text = """
                package x;

                import java.util.List;
                import static java.util.Objects.requireNonNull;
                import java.awt.Set;

                class A {
                    java.util.Set<String> set = new java.util.HashSet<>();
                    java.lang.String name;
                }
                """;
        assertEquals("""
                package x;

                import static java.util.Objects.requireNonNull;

                import java.awt.Set;
                import java.util.HashSet;
                import java.util.List;

                class A {
                    java.util.Set<String> set = new HashSet<>();
                    String name;
                }
                """, SourceStyle.fix(text));
    }
}
