package dev.roundhouse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's one formatting rule set, checked by {@code SourceStyleTest} and applied by {@code make format}
 * ({@code java src/test/java/dev/roundhouse/support/SourceStyle.java --fix}: JDK only, so it runs as a single file).
 * <ul>
 *   <li>imports: the static ones in ASCII order, a blank line, then the others in ASCII order (no other blank
 *       lines, no duplicates);</li>
 *   <li>no inline fully-qualified class names in code ({@code java.util.ArrayList} instead of an import):
 *       {@code --fix} imports the class unless another one of that simple name is imported already.</li>
 * </ul>
 * A whole formatter (google-java-format, Spotless) would rewrite every line of the 200 files and needs the same
 * compiler --add-exports as Error Prone; these two rules are what a reader of the tree actually tripped over.
 */
public final class SourceStyle {
    /** Where the sources are, relative to the repository root; bench/ is a separate Maven module. */
    public static final List<String> SOURCE_ROOTS = List.of("src/main/java", "src/test/java", "bench/src/main/java");

    // a package chain of lower-case segments ending in a capitalised type name, not preceded by a name or a dot
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:java|javax|jdk|sun|com|org|io|net|dev)(?:\\.[a-z_][a-z0-9_]*)*)\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("import\\s+(static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    private SourceStyle() {}

    public static void main(String[] args) throws IOException {
        boolean fix = List.of(args).contains("--fix");
        List<String> problems = new ArrayList<>();
        for (Path file : javaFiles(Path.of(""))) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (fix) {
                String fixed = fix(text);
                if (!fixed.equals(text)) Files.writeString(file, fixed, StandardCharsets.UTF_8);
                text = fixed;
            }
            problems.addAll(problems(file, text));
        }
        problems.forEach(System.err::println);
        if (!problems.isEmpty()) System.exit(1);
    }

    /** Every .java file under the source roots of the repository at {@code root}, in a stable order. */
    public static List<Path> javaFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : SOURCE_ROOTS) {
            Path start = root.resolve(dir);
            if (!Files.isDirectory(start)) continue;
            try (Stream<Path> walk = Files.walk(start)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** One line per rule broken in {@code text}, each starting with the file and line. */
    public static List<String> problems(Path file, String text) {
        List<String> problems = new ArrayList<>();
        Header header = Header.of(text);
        if (!header.imports().equals(header.sorted())) {
            problems.add(file + ":" + (header.firstLine() + 1) + ": imports are not static-then-others, each in ASCII order");
        }
        String code = codeOnly(text);
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (isHeaderLine(lines[i])) continue;
            Matcher m = QUALIFIED.matcher(lines[i]);
            while (m.find()) problems.add(file + ":" + (i + 1) + ": inline qualified name " + m.group() + ": import it");
        }
        return problems;
    }

    /** {@code text} with its qualified names imported where that is unambiguous and its imports sorted. */
    public static String fix(String text) {
        Header header = Header.of(text);
        TreeSet<String> imports = new TreeSet<>(header.imports());
        String code = codeOnly(text);
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        Matcher m = QUALIFIED.matcher(code);
        while (m.find()) {
            if (isHeaderLine(lineAt(code, m.start()))) continue;
            String qualified = m.group(1) + "." + m.group(2);
            if (!importable(imports, qualified, m.group(2))) continue;
            if (!m.group(1).equals("java.lang")) imports.add("import " + qualified + ";");
            out.append(text, copied, m.start()).append(m.group(2));
            copied = m.end();
        }
        out.append(text, copied, text.length());
        Header fixed = Header.of(out.toString());
        return fixed.replaceImports(out.toString(), new ArrayList<>(imports));
    }

    private static boolean importable(Set<String> imports, String qualified, String simple) {
        for (String line : imports) {
            if (line.startsWith("import static")) continue;
            if (line.endsWith("." + simple + ";") && !line.equals("import " + qualified + ";")) return false;
        }
        return true;
    }

    private static boolean isHeaderLine(String line) {
        String t = line.strip();
        return t.startsWith("import ") || t.startsWith("package ");
    }

    private static String lineAt(String text, int index) {
        int start = text.lastIndexOf('\n', index - 1) + 1;
        int end = text.indexOf('\n', index);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** {@code text} with comments and string, text-block and char literals blanked out; offsets and lines kept. */
    static String codeOnly(String text) {
        char[] c = text.toCharArray();
        int i = 0;
        while (i < c.length) {
            if (startsWith(c, i, "//")) i = blankUntil(c, i, "\n", false);
            else if (startsWith(c, i, "/*")) i = blankUntil(c, i + 2, "*/", true, i);
            else if (startsWith(c, i, "\"\"\"")) i = blankUntil(c, i + 3, "\"\"\"", true, i);
            else if (c[i] == '"') i = blankUntil(c, i + 1, "\"", true, i);
            else if (c[i] == '\'') i = blankUntil(c, i + 1, "'", true, i);
            else i++;
        }
        return new String(c);
    }

    private static int blankUntil(char[] c, int from, String end, boolean inclusive) {
        return blankUntil(c, from, end, inclusive, from);
    }

    /** Blanks c[start..] up to and (if inclusive) including {@code end}, skipping backslash escapes; keeps newlines. */
    private static int blankUntil(char[] c, int from, String end, boolean inclusive, int start) {
        int i = from;
        while (i < c.length && !startsWith(c, i, end)) i += c[i] == '\\' && end.charAt(0) != '\n' ? 2 : 1;
        int stop = Math.min(c.length, inclusive ? i + end.length() : i);
        for (int k = start; k < stop; k++) if (c[k] != '\n') c[k] = ' ';
        return stop;
    }

    private static boolean startsWith(char[] c, int at, String s) {
        if (at + s.length() > c.length) return false;
        for (int k = 0; k < s.length(); k++) if (c[at + k] != s.charAt(k)) return false;
        return true;
    }

    /** The import block: from the first import line to the last, as lines, and where it starts. */
    private record Header(List<String> imports, int firstLine, int lastLine) {
        static Header of(String text) {
            String[] lines = text.split("\n", -1);
            int first = -1;
            int last = -1;
            for (int i = 0; i < lines.length; i++) {
                String t = lines[i].strip();
                if (IMPORT.matcher(t).matches()) {
                    if (first < 0) first = i;
                    last = i;
                } else if (first >= 0 && !t.isEmpty()) {
                    break;
                }
            }
            List<String> asWritten = new ArrayList<>();
            for (int i = first; first >= 0 && i <= last; i++) asWritten.add(lines[i].strip());
            return new Header(asWritten, first, last);
        }

        /** The block as the rule wants it: static imports sorted, a blank line, the others sorted. */
        List<String> sorted() {
            return layout(imports.stream().filter(l -> !l.isEmpty()).toList());
        }

        static List<String> layout(List<String> imports) {
            TreeSet<String> statics = new TreeSet<>();
            TreeSet<String> others = new TreeSet<>();
            for (String l : imports) (l.startsWith("import static ") ? statics : others).add(l);
            List<String> block = new ArrayList<>(statics);
            if (!statics.isEmpty() && !others.isEmpty()) block.add("");
            block.addAll(others);
            return block;
        }

        String replaceImports(String text, List<String> wanted) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            List<String> block = layout(wanted.stream().filter(l -> !l.isEmpty()).toList());
            if (block.isEmpty()) return text;
            if (firstLine < 0) {
                int afterPackage = packageLine(lines) + 1;
                List<String> inserted = new ArrayList<>(List.of(""));
                inserted.addAll(block);
                lines.addAll(afterPackage, inserted);
            } else {
                lines.subList(firstLine, lastLine + 1).clear();
                lines.addAll(firstLine, block);
            }
            return String.join("\n", lines);
        }

        private static int packageLine(List<String> lines) {
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("package ")) return i;
            throw new UncheckedIOException(new IOException("no package line"));
        }
    }
}
